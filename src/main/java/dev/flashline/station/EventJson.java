package dev.flashline.station;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flashline.events.LineEvent;
import java.io.PrintStream;
import java.time.Instant;
import java.util.function.Consumer;

/** One event as one JSON object: {"type":…,"at":…, then the event's fields}. */
public final class EventJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {
    }

    public static String of(LineEvent event, Instant at) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", event.type());
        node.put("at", at.toString());
        node.setAll((ObjectNode) JSON.valueToTree(event));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** `run --json`: every event as a JSON line on {@code out}. */
    public static Consumer<LineEvent> lines(PrintStream out) {
        return e -> {
            synchronized (out) {
                out.println(of(e, Instant.now()));
                out.flush();
            }
        };
    }
}

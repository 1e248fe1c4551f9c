package dev.flashline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a command speaks: progress and messages on stderr, the JSON result on stdout. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;

    Output(PrintStream out, PrintStream err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    void info(String message) {
        err.println(message);
    }

    /** The command's result: one JSON object with --json, otherwise readable lines. */
    void result(Map<String, ?> fields) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(fields));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            fields.forEach((k, v) -> out.println(k + ": " + v));
        }
        out.flush();
    }

    /** A failure: message and hint on stderr; with --json also {"error":{"code","message","hint"}} on stdout. */
    void error(String code, String message, String hint) {
        err.println("error: " + message);
        if (hint != null && !hint.isEmpty()) {
            err.println("hint: " + hint);
        }
        if (json) {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", message);
            error.put("hint", hint == null ? "" : hint);
            result(Map.of("error", error));
        }
    }

    PrintStream err() {
        return err;
    }
}

package dev.flashline.loader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A flasher stub in esptool's JSON layout: {@code entry}, {@code text} (base64), {@code text_start},
 * {@code data} (base64), {@code data_start}.
 */
public record StubImage(String origin, int entry, List<Segment> segments) {

    /** Where the project's own stub lives inside the jar. */
    public static final String BUNDLED_RESOURCE = "/dev/flashline/stub/esp8266-stub.json";

    public record Segment(int address, byte[] bytes) {
    }

    public static StubImage load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(file.toString(), in);
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_STUB, "Cannot read stub file " + file + ": " + e.getMessage(),
                    Hint.of("Pass a stub JSON file (entry, text, text_start, data, data_start) with {}.", Setting.STUB), e);
        }
    }

    /** The project's own stub, when it has been built into the jar. */
    public static Optional<StubImage> bundled() {
        return bundled(BUNDLED_RESOURCE);
    }

    /** The project's own stub at {@code resource} in the jar (one per chip), when it has been built. */
    public static Optional<StubImage> bundled(String resource) {
        if (resource == null) {
            return Optional.empty();
        }
        String name = resource.substring(resource.lastIndexOf('/') + 1).replace("-stub.json", "");
        try (InputStream in = StubImage.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(parse(resource.equals(BUNDLED_RESOURCE)
                    ? "bundled flashline stub" : "bundled flashline " + name + " stub", in));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static StubImage parse(String origin, InputStream in) throws IOException {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw invalid(origin, "not JSON (" + e.getMessage() + ")", e);
        }
        if (json == null || !json.has("entry") || !json.has("text") || !json.has("text_start")) {
            throw invalid(origin, "it needs at least entry, text and text_start", null);
        }
        List<Segment> segments = new ArrayList<>();
        segments.add(segment(origin, json, "text", "text_start"));
        if (json.hasNonNull("data") && json.hasNonNull("data_start")) {
            segments.add(segment(origin, json, "data", "data_start"));
        }
        return new StubImage(origin, (int) json.get("entry").asLong(), List.copyOf(segments));
    }

    private static Segment segment(String origin, JsonNode json, String bytesField, String startField) {
        try {
            return new Segment((int) json.get(startField).asLong(), Base64.getDecoder().decode(json.get(bytesField).asText()));
        } catch (IllegalArgumentException e) {
            throw invalid(origin, bytesField + " is not base64", e);
        }
    }

    private static FlashlineException invalid(String origin, String why, Throwable cause) {
        return new FlashlineException(ErrorCode.BAD_STUB, "Stub " + origin + " is not a valid stub JSON: " + why,
                Hint.of("Use a stub JSON in esptool's layout, or drop {} to use the bundled one.", Setting.STUB), cause);
    }
}

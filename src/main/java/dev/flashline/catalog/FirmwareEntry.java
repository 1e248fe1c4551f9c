package dev.flashline.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One firmware build the catalog offers. Exactly one of {@code url} and {@code file} is set;
 * {@code file} is already resolved against the catalog's folder. {@code sha256} is lower-case hex,
 * or null when the catalog has not pinned the build yet (such an entry can be listed and selected,
 * but {@link FirmwareStore} refuses to use it).
 */
public record FirmwareEntry(
        String name,
        String version,
        String chip,
        int minFlashBytes,
        URI url,
        Path file,
        String sha256,
        boolean isDefault,
        String description,
        Path catalogFile) {

    /** How the bytes are obtained. */
    public enum Source { HTTP, FILE_URL, FILE, DEMO }

    public Source source() {
        if (file != null) {
            return Source.FILE;
        }
        return switch (url.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "https" -> Source.HTTP;
            case "file" -> Source.FILE_URL;
            default -> Source.DEMO;
        };
    }

    /** For {@code demo:} entries: what follows the scheme, handed to the demo image builder. */
    public String demoSpec() {
        return url == null ? null : url.getSchemeSpecificPart();
    }

    /** Where the bytes come from, for messages. */
    public String location() {
        return file != null ? file.toString() : url.toString();
    }

    /**
     * Whether this build runs on the chip reported by chip-info ("ESP8266EX" or "ESP8285") with the
     * given flash size. An ESP8285 is an ESP8266 with flash in the package, so it runs esp8266 builds.
     */
    public boolean fits(String detectedChip, int flashSizeBytes) {
        return chipMatches(detectedChip) && flashSizeBytes >= minFlashBytes;
    }

    boolean chipMatches(String detectedChip) {
        String family = BuildChip.of(detectedChip);
        return switch (chip) {
            case "any" -> true;
            case "esp8266" -> family.equals("esp8266") || family.equals("esp8285");
            default -> family.equals(chip);
        };
    }
}

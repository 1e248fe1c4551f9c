package dev.flashline.catalog;

import dev.flashline.errors.FlashlineException;
import java.util.Locale;

/** Maps a detected chip name ("ESP8266EX", "ESP8285") onto the catalog's chip words. */
final class ChipFamily {
    private ChipFamily() {
    }

    static String of(String detectedChip) {
        String c = detectedChip == null ? "" : detectedChip.trim().toLowerCase(Locale.ROOT);
        if (c.startsWith("esp8285")) {
            return "esp8285";
        }
        if (c.startsWith("esp8266")) {
            return "esp8266";
        }
        throw FlashlineException.badInput("Unknown chip '" + detectedChip + "' for firmware selection",
                "The catalog knows ESP8266EX and ESP8285 devices.");
    }
}

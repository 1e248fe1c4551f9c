package dev.flashline.catalog;

import dev.flashline.errors.FlashlineException;
import java.util.Locale;

/**
 * Which chip a catalog build is for, as the catalog writes it ("esp8266", "esp8285", "esp32",
 * "esp32c3"), derived from the chip name identification reported ("ESP8266EX", "ESP8285",
 * "ESP32", "ESP32-C3").
 */
final class BuildChip {
    private BuildChip() {
    }

    static String of(String detectedChip) {
        String c = detectedChip == null ? "" : detectedChip.trim().toLowerCase(Locale.ROOT);
        if (c.startsWith("esp8285")) {
            return "esp8285";
        }
        if (c.startsWith("esp8266")) {
            return "esp8266";
        }
        if (c.startsWith("esp32-c3") || c.startsWith("esp32c3")) {
            return "esp32c3";
        }
        if (c.equals("esp32") || c.startsWith("esp32-d") || c.startsWith("esp32-pico") || c.startsWith("esp32-u")) {
            return "esp32";
        }
        throw FlashlineException.badInput("Unknown chip '" + detectedChip + "' for firmware selection",
                "The catalog knows ESP8266EX, ESP8285, ESP32 and ESP32-C3 devices.");
    }
}

package dev.flashline.config;

import java.util.Locale;
import java.util.Optional;

/**
 * The chips a device profile can name, as profiles.yaml writes them, with the name chip-info
 * reports for each (ESP8266EX, ESP8285, ESP32, ESP32-C3: what identification prints for the
 * classic ESP32 whatever its package, D0WD / D0WDQ6 / PICO, and for the ESP32-C3 / ESP8685).
 */
enum ProfileChip {
    ESP8266("esp8266", "ESP8266"),
    ESP8285("esp8285", "ESP8285"),
    ESP32("esp32", "ESP32"),
    ESP32C3("esp32c3", "ESP32-C3");

    private final String key;
    private final String displayName;

    ProfileChip(String key, String displayName) {
        this.key = key;
        this.displayName = displayName;
    }

    String key() {
        return key;
    }

    String displayName() {
        return displayName;
    }

    static Optional<ProfileChip> ofKey(String key) {
        for (ProfileChip c : values()) {
            if (c.key.equals(key)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The profile key of a chip name as chip-info reports it ("ESP32-C3" → esp32c3); empty when unknown. */
    static Optional<ProfileChip> detected(String chipName) {
        String c = chipName == null ? "" : chipName.trim().toLowerCase(Locale.ROOT);
        if (c.startsWith("esp8285")) {
            return Optional.of(ESP8285);
        }
        if (c.startsWith("esp8266")) {
            return Optional.of(ESP8266);
        }
        if (c.startsWith("esp32-c3") || c.startsWith("esp32c3")) {
            return Optional.of(ESP32C3);
        }
        if (c.equals("esp32") || c.startsWith("esp32-d") || c.startsWith("esp32-pico") || c.startsWith("esp32-u")) {
            return Optional.of(ESP32);
        }
        return Optional.empty();
    }

    static String keys() {
        return "esp8266, esp8285, esp32 or esp32c3";
    }
}

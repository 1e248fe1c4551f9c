package dev.flashline.sim;

/** The chips a virtual device can be. ESP32 is emulated only far enough to be recognised. */
public enum Chip {
    ESP8266EX,
    ESP8285,
    ESP32;

    /** Accepts the CLI spellings: esp8266, esp8266ex, esp8285, esp32 (any case). */
    public static Chip parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "esp8266":
            case "esp8266ex":
                return ESP8266EX;
            case "esp8285":
                return ESP8285;
            case "esp32":
                return ESP32;
            default:
                throw new IllegalArgumentException("unknown chip '" + text + "' (esp8266, esp8285 or esp32)");
        }
    }
}

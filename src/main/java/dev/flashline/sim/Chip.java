package dev.flashline.sim;

/** The chips a virtual device can be. */
public enum Chip {
    ESP8266EX,
    ESP8285,
    /** The original ESP32 (Xtensa dual core): magic-register detection, ROM without GET_SECURITY_INFO. */
    ESP32,
    /** ESP32-C3 (RISC-V): chip id 5 through GET_SECURITY_INFO, bootloader at flash offset 0. */
    ESP32C3;

    /** True for the chips whose ROM speaks the ESP32-family loader dialect (4 status bytes). */
    public boolean esp32Family() {
        return this == ESP32 || this == ESP32C3;
    }

    /** Accepts the CLI spellings: esp8266, esp8266ex, esp8285, esp32, esp32c3, esp32-c3 (any case). */
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
            case "esp32c3":
            case "esp32-c3":
                return ESP32C3;
            default:
                throw new IllegalArgumentException("unknown chip '" + text + "' (esp8266, esp8285, esp32 or esp32c3)");
        }
    }
}

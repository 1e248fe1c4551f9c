package dev.flashline.chip;

/**
 * The chip families flashline drives, with what their ROM loaders differ in (Espressif's serial
 * protocol documentation): the ESP8266 ROM writes flash only; the ESP32-family ROMs also take
 * compressed writes, compute MD5, change the baud rate and read flash slowly; the ESP32-C3 ROM
 * (like every chip after the ESP32) wants a fifth FLASH_BEGIN word, the "encrypted" flag.
 */
public enum ChipFamily {
    ESP8266("esp8266-stub.json", false, 4),
    ESP32(null, true, 4),
    ESP32C3("esp32c3-stub.json", true, 5);

    private final String bundledStub;
    private final boolean esp32Rom;
    private final int romFlashBeginWords;

    ChipFamily(String bundledStub, boolean esp32Rom, int romFlashBeginWords) {
        this.bundledStub = bundledStub;
        this.esp32Rom = esp32Rom;
        this.romFlashBeginWords = romFlashBeginWords;
    }

    /** The jar resource of flashline's own stub for this chip, or null (none for the Xtensa ESP32). */
    public String bundledStubResource() {
        return bundledStub == null ? null : "/dev/flashline/stub/" + bundledStub;
    }

    /** True when the ROM speaks the ESP32-family dialect (compressed writes, MD5, baud change, slow read). */
    public boolean esp32Rom() {
        return esp32Rom;
    }

    /** FLASH_BEGIN / FLASH_DEFL_BEGIN words the ROM expects (stubs always take four). */
    public int romFlashBeginWords() {
        return romFlashBeginWords;
    }

    /** The family of a chip name as identification reports it ("ESP8266EX", "ESP8285", "ESP32", "ESP32-C3"). */
    public static ChipFamily of(String chipName) {
        String c = chipName == null ? "" : chipName.toUpperCase(java.util.Locale.ROOT);
        if (c.startsWith("ESP32-C3")) {
            return ESP32C3;
        }
        if (c.startsWith("ESP32")) {
            return ESP32;
        }
        return ESP8266;
    }
}

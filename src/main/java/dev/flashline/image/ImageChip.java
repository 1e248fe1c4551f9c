package dev.flashline.image;

import dev.flashline.chip.ChipDetector;
import java.util.Optional;

/**
 * The ESP32-family chips an image can be built for: the chip id ESP-IDF writes into the extended
 * header (ESP32 = 0, ESP32-C3 = 5), where the ROM looks for the second-stage bootloader (0x1000 on
 * the ESP32, 0x0 on the ESP32-C3), and the name of Tasmota's build for it.
 */
public enum ImageChip {
    ESP32("ESP32", 0, 0x1000, "tasmota32"),
    ESP32C3("ESP32-C3", 5, 0x0, "tasmota32c3");

    private final String displayName;
    private final int chipId;
    private final int bootloaderOffset;
    private final String tasmotaBuild;

    ImageChip(String displayName, int chipId, int bootloaderOffset, String tasmotaBuild) {
        this.displayName = displayName;
        this.chipId = chipId;
        this.bootloaderOffset = bootloaderOffset;
        this.tasmotaBuild = tasmotaBuild;
    }

    public String displayName() {
        return displayName;
    }

    public int chipId() {
        return chipId;
    }

    public int bootloaderOffset() {
        return bootloaderOffset;
    }

    /** Tasmota's build name for this chip, e.g. "tasmota32c3" (files tasmota32c3.bin, .factory.bin). */
    public String tasmotaBuild() {
        return tasmotaBuild;
    }

    public static Optional<ImageChip> fromChipId(int id) {
        for (ImageChip c : values()) {
            if (c.chipId == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** A readable name for any chip id ESP-IDF assigns, for error messages. */
    static String nameOf(int id) {
        return ChipDetector.knownChipIdName(id).orElse("chip id " + id);
    }
}

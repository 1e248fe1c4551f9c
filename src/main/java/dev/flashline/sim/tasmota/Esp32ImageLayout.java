package dev.flashline.sim.tasmota;

import dev.flashline.sim.Chip;

/**
 * Where an ESP32-family chip keeps what it boots, and what its images must say: the ROM loads the
 * second-stage bootloader from 0x1000 (ESP32) or 0x0 (ESP32-C3); the bootloader reads the
 * partition table at 0x8000 and starts the first app partition (0x10000 in Tasmota32's layout).
 * Image headers carry the chip id (ESP32 = 0, ESP32-C3 = 5) in their extended header.
 */
public record Esp32ImageLayout(Chip chip, int bootloaderOffset, int chipId, String hardware) {
    public static final int PARTITION_TABLE_OFFSET = 0x8000;
    public static final int APP_OFFSET = 0x10000;

    public static Esp32ImageLayout of(Chip chip) {
        switch (chip) {
            case ESP32:
                return new Esp32ImageLayout(chip, 0x1000, 0, "ESP32-D0WD-V3 v3.0");
            case ESP32C3:
                return new Esp32ImageLayout(chip, 0x0, 5, "ESP32-C3 v0.3");
            default:
                throw new IllegalArgumentException(chip + " is not an ESP32-family chip");
        }
    }
}

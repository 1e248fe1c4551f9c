package dev.flashline.chip;

import java.util.Map;

/** The detected chip family: named by the value each ROM keeps at the chip-detect register 0x40001000. */
public final class ChipMagic {
    public static final int DETECT_MAGIC_REG = 0x40001000;
    public static final int ESP8266_MAGIC = 0xFFF0C101;

    private static final Map<Integer, String> OTHERS = Map.of(
            0x00F01D83, "ESP32",
            0x000007C6, "ESP32-S2",
            0x00000009, "ESP32-S3",
            0x6921506F, "ESP32-C3",
            0x1B31506F, "ESP32-C3",
            0x6F51306F, "ESP32-C2",
            0x7C41A06F, "ESP32-C2",
            0x0DA1806F, "ESP32-C6");

    private ChipMagic() {
    }

    /** The family name for a magic value other than the ESP8266's, or a generic name. */
    public static String otherChipName(int magic) {
        return OTHERS.getOrDefault(magic, String.format("an unknown chip (magic 0x%08X)", magic));
    }
}

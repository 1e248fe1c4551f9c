package dev.flashline.sim;

import java.util.Map;

/**
 * The eFuse words an ESP32 / ESP32-C3 ROM exposes to READ_REG, laid out as Espressif's technical
 * reference manuals (and esptool's decoders) describe them. The emulated silicon:
 * ESP32-D0WD-V3 revision v3.0 (package 1, rated 240 MHz) and ESP32-C3 (QFN32) revision v0.3,
 * no flash encryption, no secure boot.
 */
final class Esp32Efuse {
    /** ESP32: EFUSE_BLK0_RDATAn_REG = base + 4n. */
    static final long ESP32_BLK0 = 0x3FF5A000L;
    /** ESP32-C3: eFuse controller; BLOCK1 (MAC and system data) read registers start at +0x44. */
    static final long C3_BASE = 0x60008800L;
    static final long C3_BLOCK1 = C3_BASE + 0x44;

    /** ESP32 word 4, low byte: the 8 MHz clock calibration the ROM's baud computation uses. */
    static final int ESP32_CK8M_FREQ = 0x50;

    private Esp32Efuse() {
    }

    static Map<Long, Integer> words(Chip chip, byte[] mac) {
        return chip == Chip.ESP32 ? esp32(mac) : esp32c3(mac);
    }

    /**
     * ESP32: word 1 holds MAC bytes 2-5 (byte 2 in bits 24-31), word 2 holds MAC bytes 0-1 in bits
     * 0-15 and the MAC's CRC-8 in bits 16-23. Word 3: package in bits 9-11 (1 = D0WD), revision
     * bit 0 in bit 15, "CPU frequency rated" in bit 13. Word 5: revision bit 1 in bit 20, minor
     * revision in bits 24-25. The third revision bit lives in APB_CTL_DATE (see the register file).
     */
    private static Map<Long, Integer> esp32(byte[] mac) {
        int w1 = (mac[2] & 0xFF) << 24 | (mac[3] & 0xFF) << 16 | (mac[4] & 0xFF) << 8 | (mac[5] & 0xFF);
        int w2 = crc8(mac) << 16 | (mac[0] & 0xFF) << 8 | (mac[1] & 0xFF);
        int w3 = 1 << 15 | 1 << 13 | 1 << 9;
        int w4 = ESP32_CK8M_FREQ;
        int w5 = 1 << 20;
        return Map.of(ESP32_BLK0 + 4, w1, ESP32_BLK0 + 8, w2, ESP32_BLK0 + 12, w3,
                ESP32_BLK0 + 16, w4, ESP32_BLK0 + 20, w5);
    }

    /**
     * ESP32-C3 BLOCK1: word 0 = MAC bytes 2-5, word 1 bits 0-15 = MAC bytes 0-1; word 3 bits 18-20 =
     * minor revision (low bits), 21-23 = package (0 = QFN32), 27-29 = embedded flash (0 = none);
     * word 5 bit 23 = minor revision high bit, bits 24-25 = major revision.
     */
    private static Map<Long, Integer> esp32c3(byte[] mac) {
        int w0 = (mac[2] & 0xFF) << 24 | (mac[3] & 0xFF) << 16 | (mac[4] & 0xFF) << 8 | (mac[5] & 0xFF);
        int w1 = (mac[0] & 0xFF) << 8 | (mac[1] & 0xFF);
        int w3 = 3 << 18;
        return Map.of(C3_BLOCK1, w0, C3_BLOCK1 + 4, w1, C3_BLOCK1 + 12, w3);
    }

    /** CRC-8 over the six MAC bytes (reflected polynomial 0x8C, initial 0), as the eFuse tools check it. */
    static int crc8(byte[] mac) {
        int crc = 0;
        for (byte b : mac) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8C : crc >>> 1;
            }
        }
        return crc;
    }
}

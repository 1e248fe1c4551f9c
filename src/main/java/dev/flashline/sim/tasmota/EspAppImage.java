package dev.flashline.sim.tasmota;

import java.util.OptionalInt;

/**
 * Checks the ESP8266 application image layout the ROM boots from offset 0: an 8-byte header
 * (magic 0xE9, segment count, flash mode, size/frequency nibbles, u32 entry), segments of
 * (u32 load address, u32 length, data), zero padding, and a checksum byte (0xEF XOR every segment
 * data byte) that ends a 16-byte-aligned block. All integers little-endian.
 */
public final class EspAppImage {
    public static final int MAGIC = 0xE9;
    public static final int CHECKSUM_SEED = 0xEF;
    static final int HEADER_SIZE = 8;
    static final int SEGMENT_HEADER_SIZE = 8;
    /** The ROM loader refuses more segments than this; real images have 1-6. */
    static final int MAX_SEGMENTS = 16;

    private EspAppImage() {
    }

    /**
     * The length of the valid image starting at {@code offset} (checksum byte included), or empty
     * when the magic, the segment table or the checksum is wrong.
     */
    public static OptionalInt validLength(byte[] bytes, int offset) {
        if (offset < 0 || bytes.length - offset < HEADER_SIZE + 16) {
            return OptionalInt.empty();
        }
        if ((bytes[offset] & 0xFF) != MAGIC) {
            return OptionalInt.empty();
        }
        int segments = bytes[offset + 1] & 0xFF;
        if (segments == 0 || segments > MAX_SEGMENTS) {
            return OptionalInt.empty();
        }
        int pos = offset + HEADER_SIZE;
        int checksum = CHECKSUM_SEED;
        for (int s = 0; s < segments; s++) {
            if (bytes.length - pos < SEGMENT_HEADER_SIZE) {
                return OptionalInt.empty();
            }
            long length = u32(bytes, pos + 4);
            pos += SEGMENT_HEADER_SIZE;
            if (length > bytes.length - pos) {
                return OptionalInt.empty();
            }
            for (int i = 0; i < length; i++) {
                checksum ^= bytes[pos + i] & 0xFF;
            }
            pos += (int) length;
        }
        // The checksum sits in the last byte of the 16-byte block that follows the data.
        int relative = pos - offset;
        int checksumAt = offset + (relative | 15);
        if (checksumAt >= bytes.length || (bytes[checksumAt] & 0xFF) != checksum) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(checksumAt + 1 - offset);
    }

    static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    static void putU32(byte[] b, int at, long value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }
}

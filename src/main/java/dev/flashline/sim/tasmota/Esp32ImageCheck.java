package dev.flashline.sim.tasmota;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The boot-time check of an ESP32-family image (what the ROM does to the bootloader, and the
 * bootloader to the app): 24-byte header (magic 0xE9, segment count, flash mode, size/frequency,
 * entry; then WP pin, drive strengths, u16 chip id, min revision, u16 min/max full revision, four
 * reserved bytes, hash-appended flag), segments (u32 load address, u32 length, data), the XOR
 * checksum (seed 0xEF) ending a 16-byte-aligned block, and, when flagged, a SHA-256 of all that.
 */
public final class Esp32ImageCheck {
    public static final int HEADER_SIZE = 24;
    private static final int MAGIC = 0xE9;
    private static final int MAX_SEGMENTS = 16;

    private Esp32ImageCheck() {
    }

    /** Length of the valid image at {@code offset} (digest included), or empty if it would not boot. */
    public static OptionalInt validLength(byte[] bytes, int offset, int chipId) {
        if (offset < 0 || bytes.length - offset < HEADER_SIZE + 16 || (bytes[offset] & 0xFF) != MAGIC) {
            return OptionalInt.empty();
        }
        int segments = bytes[offset + 1] & 0xFF;
        int hashAppended = bytes[offset + 23] & 0xFF;
        if (segments == 0 || segments > MAX_SEGMENTS || u16(bytes, offset + 12) != chipId || hashAppended > 1) {
            return OptionalInt.empty();
        }
        int pos = offset + HEADER_SIZE;
        int checksum = EspAppImage.CHECKSUM_SEED;
        for (int s = 0; s < segments; s++) {
            if (bytes.length - pos < 8) {
                return OptionalInt.empty();
            }
            long length = EspAppImage.u32(bytes, pos + 4);
            pos += 8;
            if (length > bytes.length - pos) {
                return OptionalInt.empty();
            }
            for (int i = 0; i < length; i++) {
                checksum ^= bytes[pos + i] & 0xFF;
            }
            pos += (int) length;
        }
        int checksumAt = offset + ((pos - offset) | 15);
        if (checksumAt >= bytes.length || (bytes[checksumAt] & 0xFF) != checksum) {
            return OptionalInt.empty();
        }
        int end = checksumAt + 1;
        if (hashAppended == 1) {
            if (bytes.length - end < 32) {
                return OptionalInt.empty();
            }
            byte[] digest = sha256(bytes, offset, end - offset);
            if (!Arrays.equals(digest, 0, 32, bytes, end, end + 32)) {
                return OptionalInt.empty();
            }
            end += 32;
        }
        return OptionalInt.of(end - offset);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static byte[] sha256(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

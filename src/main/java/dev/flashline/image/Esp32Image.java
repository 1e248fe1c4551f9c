package dev.flashline.image;

import dev.flashline.errors.FlashlineException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ESP32-family image (a second-stage bootloader or an app): the 8-byte common header (magic
 * 0xE9, segment count, flash mode, size/frequency byte, entry), the 16-byte extended header (WP
 * pin, drive strengths, u16 chip id at byte 12, min revision, u16 min/max full revision at 15/17,
 * hash-appended flag at byte 23), segments (load address, length, data), the XOR checksum (seed
 * 0xEF) ending a 16-byte block, and, when flagged, the SHA-256 of everything before it.
 */
public record Esp32Image(int offset, int segmentCount, FlashMode flashMode, int sizeFrequency, int entry,
        int chipId, int minRevisionFull, int maxRevisionFull, boolean hashAppended, List<Segment> segments,
        int length) {

    public static final int MAGIC = 0xE9;
    public static final int HEADER_SIZE = 24;
    public static final int DIGEST_SIZE = 32;
    private static final int MAX_SEGMENTS = 16;

    public record Segment(int address, int length, int fileOffset) {
    }

    /** Parses and checks the image at {@code offset}; every problem is a clear bad-input error. */
    public static Esp32Image parse(byte[] data, int offset, String name) {
        if (offset + HEADER_SIZE > data.length || (data[offset] & 0xFF) != MAGIC) {
            throw malformed(name, offset, String.format("there is no image header (magic 0xE9) at 0x%X", offset),
                    "Use a firmware .bin built for an ESP32-family chip.");
        }
        int count = data[offset + 1] & 0xFF;
        int hashFlag = data[offset + 23] & 0xFF;
        if (count == 0 || count > MAX_SEGMENTS) {
            throw malformed(name, offset, "the header declares " + count + " segments", "The file is damaged or not an ESP32 image.");
        }
        if (hashFlag > 1) {
            throw malformed(name, offset, String.format("its hash-appended byte is 0x%02X (an ESP8266 image has no "
                    + "extended header)", hashFlag), "Use the ESP32-family build (for Tasmota: tasmota32*.bin).");
        }
        List<Segment> segments = new ArrayList<>();
        int pos = offset + HEADER_SIZE;
        int checksum = 0xEF;
        for (int i = 0; i < count; i++) {
            if (pos + 8 > data.length) {
                throw malformed(name, offset, "it ends inside segment " + i + "'s header", "The file is truncated: download it again.");
            }
            int address = Esp8266Image.le32(data, pos);
            long length = Integer.toUnsignedLong(Esp8266Image.le32(data, pos + 4));
            pos += 8;
            if (pos + length > data.length) {
                throw malformed(name, offset, "segment " + i + " claims " + length + " bytes past the end of the file",
                        "The file is truncated: download it again.");
            }
            for (int j = pos; j < pos + length; j++) {
                checksum ^= data[j] & 0xFF;
            }
            segments.add(new Segment(address, (int) length, pos));
            pos += (int) length;
        }
        int checksumAt = offset + ((pos - offset) | 15);
        if (checksumAt >= data.length) {
            throw malformed(name, offset, "it ends before its checksum byte", "The file is truncated: download it again.");
        }
        if ((data[checksumAt] & 0xFF) != checksum) {
            throw malformed(name, offset, String.format("its checksum byte is 0x%02X, the segments give 0x%02X",
                    data[checksumAt] & 0xFF, checksum), "The file is damaged: download it again and check its sha256.");
        }
        int end = checksumAt + 1;
        if (hashFlag == 1) {
            if (end + DIGEST_SIZE > data.length) {
                throw malformed(name, offset, "it ends before its SHA-256 digest", "The file is truncated: download it again.");
            }
            if (!Arrays.equals(sha256(data, offset, end - offset), 0, DIGEST_SIZE, data, end, end + DIGEST_SIZE)) {
                throw malformed(name, offset, "its appended SHA-256 does not match its content",
                        "The file is damaged: download it again and check its sha256.");
            }
            end += DIGEST_SIZE;
        }
        return new Esp32Image(offset, count, FlashMode.fromCode(data[offset + 2] & 0xFF), data[offset + 3] & 0xFF,
                Esp8266Image.le32(data, offset + 4), u16(data, offset + 12), u16(data, offset + 15),
                u16(data, offset + 17), hashFlag == 1, List.copyOf(segments), end - offset);
    }

    /** Refuses an image built for another chip, naming both and the build to use instead. */
    public Esp32Image requireChip(ImageChip chip, String name) {
        if (chipId != chip.chipId()) {
            throw FlashlineException.badInput(String.format("%s is built for the %s (image chip id %d), but the device is an %s",
                    name, ImageChip.nameOf(chipId), chipId, chip.displayName()),
                    "Use the " + chip.displayName() + " build (for Tasmota: " + chip.tasmotaBuild() + ".bin or "
                            + chip.tasmotaBuild() + ".factory.bin). Nothing was written.");
        }
        return this;
    }

    /** Header length, segments, checksum and digest: the bytes the image occupies from its offset. */
    public int length() {
        return length;
    }

    /** Flash size declared in the header, in bytes (1 MB .. 128 MB codes 0..7); 0 when unknown. */
    public int declaredFlashSize() {
        int code = sizeFrequency >> 4;
        return code <= 7 ? (1 << 20) << code : 0;
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

    private static FlashlineException malformed(String name, int offset, String why, String hint) {
        String where = offset == 0 ? "" : String.format(" (image at 0x%X)", offset);
        return FlashlineException.badInput(name + " is not a valid ESP32-family image" + where + ": " + why, hint);
    }
}

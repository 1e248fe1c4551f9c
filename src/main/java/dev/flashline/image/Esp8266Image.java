package dev.flashline.image;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * An ESP8266 application image (the one at flash offset 0): header (magic 0xE9, segment count,
 * flash mode, size/frequency, entry point), segments (load address, length, bytes), and a checksum
 * byte (0xEF XOR every segment byte) at the end of the 16-byte-aligned tail.
 */
public final class Esp8266Image {
    public static final int MAGIC = 0xE9;
    private static final int HEADER = 8;
    private static final int MAX_SEGMENTS = 16;

    private final int segmentCount;
    private final FlashMode flashMode;
    private final int sizeFrequency;
    private final int entry;
    private final List<Segment> segments;

    public record Segment(int address, int length) {
    }

    private Esp8266Image(int segmentCount, FlashMode mode, int sizeFrequency, int entry, List<Segment> segments) {
        this.segmentCount = segmentCount;
        this.flashMode = mode;
        this.sizeFrequency = sizeFrequency;
        this.entry = entry;
        this.segments = segments;
    }

    public static boolean looksLikeImage(byte[] data) {
        return data.length >= HEADER && (data[0] & 0xFF) == MAGIC;
    }

    /** Parses and checks the image; every problem is a clear bad-input error. */
    public static Esp8266Image parse(byte[] data, String name) {
        if (data.length >= 2 && (data[0] & 0xFF) == 0x1F && (data[1] & 0xFF) == 0x8B) {
            throw malformed(name, "it is gzip-compressed", "Decompress it first (gunzip), or use the .bin rather than the .bin.gz.");
        }
        if (!looksLikeImage(data)) {
            throw malformed(name, String.format("its first byte is 0x%02X, not the image magic 0xE9",
                    data.length == 0 ? 0 : data[0] & 0xFF), Hint.of("Use a firmware .bin built for the ESP8266 (e.g. tasmota.bin),"
                    + " or give an {} other than 0 to write raw data.", Setting.OFFSET));
        }
        int count = data[1] & 0xFF;
        if (!FlashMode.isCode(data[2] & 0xFF)) {
            throw malformed(name, "its header names flash mode " + (data[2] & 0xFF) + ", which no ESP8266 knows (0 to 3)",
                    "The file is damaged or not an ESP8266 image.");
        }
        FlashMode mode = FlashMode.fromCode(data[2] & 0xFF);
        int entry = le32(data, 4);
        if (count == 0 || count > MAX_SEGMENTS) {
            throw malformed(name, "the header declares " + count + " segments", "The file is damaged or not an ESP8266 image.");
        }
        if (!isEsp8266Address(entry)) {
            throw new FlashlineException(ErrorCode.BAD_IMAGE, String.format(
                    "%s is not an ESP8266 image: its entry point 0x%08X is outside the ESP8266's memory "
                            + "(it is probably built for an ESP32-family chip)", name, entry),
                    "Use the ESP8266 build of the firmware (for Tasmota: tasmota.bin, not tasmota32.bin).");
        }
        List<Segment> segments = new ArrayList<>();
        int pos = HEADER;
        int checksum = 0xEF;
        for (int i = 0; i < count; i++) {
            if (pos + 8 > data.length) {
                throw malformed(name, "it ends inside segment " + i + "'s header", "The file is truncated: download it again.");
            }
            int address = le32(data, pos);
            int length = le32(data, pos + 4);
            pos += 8;
            if (length < 0 || pos + (long) length > data.length) {
                throw malformed(name, "segment " + i + " claims " + Integer.toUnsignedString(length)
                        + " bytes past the end of the file", "The file is truncated: download it again.");
            }
            for (int j = pos; j < pos + length; j++) {
                checksum ^= data[j] & 0xFF;
            }
            segments.add(new Segment(address, length));
            pos += length;
        }
        int checksumAt = (pos | 15);
        if (checksumAt >= data.length) {
            throw malformed(name, "it ends before its checksum byte", "The file is truncated: download it again.");
        }
        if ((data[checksumAt] & 0xFF) != checksum) {
            throw malformed(name, String.format("its checksum byte is 0x%02X, the segments give 0x%02X",
                    data[checksumAt] & 0xFF, checksum), "The file is damaged: download it again and check its sha256.");
        }
        return new Esp8266Image(count, mode, data[3] & 0xFF, entry, List.copyOf(segments));
    }

    /** Instruction RAM, the flash-mapped area, or ROM: where an ESP8266 image may start running. */
    public static boolean isEsp8266Address(int address) {
        long a = Integer.toUnsignedLong(address);
        return (a >= 0x40100000L && a < 0x40110000L) || (a >= 0x40200000L && a < 0x40300000L) || (a >= 0x40000000L && a < 0x40010000L);
    }

    public FlashMode flashMode() {
        return flashMode;
    }

    /** Flash size declared in the header, in bytes; 0 when the code is unknown. */
    public int declaredFlashSize() {
        return HeaderSizeCode.sizeFor(sizeFrequency >> 4).orElse(0);
    }

    public int entry() {
        return entry;
    }

    public List<Segment> segments() {
        return segments;
    }

    public int segmentCount() {
        return segmentCount;
    }

    private static FlashlineException malformed(String name, String why, String hint) {
        return malformed(name, why, Hint.text(hint));
    }

    private static FlashlineException malformed(String name, String why, Hint hint) {
        return new FlashlineException(ErrorCode.BAD_IMAGE, name + " is not a valid ESP8266 firmware image: " + why, hint);
    }

    public static int le32(byte[] d, int o) {
        return (d[o] & 0xFF) | (d[o + 1] & 0xFF) << 8 | (d[o + 2] & 0xFF) << 16 | (d[o + 3] & 0xFF) << 24;
    }
}

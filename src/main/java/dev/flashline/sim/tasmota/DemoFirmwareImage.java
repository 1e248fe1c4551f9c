package dev.flashline.sim.tasmota;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

/**
 * The project's demo firmware: a valid ESP8266 application image of Tasmota's size that packs
 * like real firmware (deflate keeps about 70 %), carrying a marker and a version string that
 * {@link TasmotaFirmwareSelector} recognises. Same arguments, same bytes: the content comes from a
 * fixed-seed generator, so sha256 sums in catalogs and audit records stay stable.
 */
public final class DemoFirmwareImage {
    public static final String MARKER = "FLASHLINE-DEMO-TASMOTA";
    public static final String DEFAULT_VERSION = "14.3.0(demo)";
    /** About the size of tasmota.bin for the ESP8266 (620 KB). */
    public static final int DEFAULT_SIZE = 620 * 1024;
    public static final int MIN_SIZE = 64 * 1024;

    /** DOUT: what Tasmota ships with, and what every Sonoff boots. */
    static final int FLASH_MODE_DOUT = 3;
    /** High nibble 2 = 1 MB, low nibble 0 = 40 MHz. */
    static final int SIZE_FREQ_1MB_40MHZ = 0x20;

    static final long IRAM_TEXT = 0x40100000L;
    static final long DRAM_DATA = 0x3FFE8000L;
    static final long IROM_TEXT = 0x40201010L;
    static final long ENTRY = 0x40100004L;

    private static final int MAX_VERSION_LENGTH = 40;
    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);

    private DemoFirmwareImage() {
    }

    public static byte[] build() {
        return build(DEFAULT_VERSION, DEFAULT_SIZE);
    }

    /**
     * @param version printable ASCII, at most 40 characters, e.g. "14.3.0(demo)"
     * @param size    total image length in bytes: a multiple of 16, at least 64 KB
     */
    public static byte[] build(String version, int size) {
        checkVersion(version);
        if (size < MIN_SIZE || size % 16 != 0) {
            throw new IllegalArgumentException("demo image size must be a multiple of 16 and at least "
                    + MIN_SIZE + " bytes: " + size);
        }
        Random random = new Random(0x466C6173684C696EL ^ version.hashCode() ^ size);
        byte[] text = CodeLikeBytes.generate(random, align4(size / 22));
        byte[] data = CodeLikeBytes.generate(random, 0x540);
        byte[] rodata = rodata(random, version, align4(size / 64));
        // Header, four segment headers, then 15 padding bytes and the checksum close the image.
        int iromLength = size - EspAppImage.HEADER_SIZE - 4 * EspAppImage.SEGMENT_HEADER_SIZE - 16
                - text.length - data.length - rodata.length;
        byte[] irom = CodeLikeBytes.generate(random, iromLength);

        byte[] image = new byte[size];
        image[0] = (byte) EspAppImage.MAGIC;
        image[1] = 4;
        image[2] = FLASH_MODE_DOUT;
        image[3] = SIZE_FREQ_1MB_40MHZ;
        EspAppImage.putU32(image, 4, ENTRY);
        int pos = EspAppImage.HEADER_SIZE;
        int checksum = EspAppImage.CHECKSUM_SEED;
        long[] loads = {IRAM_TEXT, DRAM_DATA, DRAM_DATA + data.length, IROM_TEXT};
        byte[][] segments = {text, data, rodata, irom};
        for (int s = 0; s < segments.length; s++) {
            EspAppImage.putU32(image, pos, loads[s]);
            EspAppImage.putU32(image, pos + 4, segments[s].length);
            pos += EspAppImage.SEGMENT_HEADER_SIZE;
            System.arraycopy(segments[s], 0, image, pos, segments[s].length);
            for (byte b : segments[s]) {
                checksum ^= b & 0xFF;
            }
            pos += segments[s].length;
        }
        image[size - 1] = (byte) checksum;
        return image;
    }

    /**
     * The version the demo marker carries, searched anywhere in {@code flashOrImage} (an image file
     * or a whole flash dump); empty when there is no demo marker.
     */
    public static Optional<String> detectVersion(byte[] flashOrImage) {
        int at = indexOf(flashOrImage, MARKER_BYTES);
        while (at >= 0) {
            int start = at + MARKER_BYTES.length;
            if (start < flashOrImage.length && flashOrImage[start] == 0) {
                int end = start + 1;
                while (end < flashOrImage.length && end - start - 1 <= MAX_VERSION_LENGTH && flashOrImage[end] != 0) {
                    end++;
                }
                if (end < flashOrImage.length && end > start + 1 && end - start - 1 <= MAX_VERSION_LENGTH) {
                    String version = new String(flashOrImage, start + 1, end - start - 1, StandardCharsets.US_ASCII);
                    if (isPrintable(version)) {
                        return Optional.of(version);
                    }
                }
            }
            at = indexOf(flashOrImage, MARKER_BYTES, at + 1);
        }
        return Optional.empty();
    }

    /** Read-only data: the marker first (found quickly), then text tables, then constants. */
    private static byte[] rodata(Random random, String version, int length) {
        byte[] out = new byte[length];
        int pos = put(out, 0, MARKER_BYTES);
        out[pos++] = 0;
        pos = put(out, pos, version.getBytes(StandardCharsets.US_ASCII));
        out[pos++] = 0;
        String[] strings = {
            "HDW: %s", "CFG: Loaded from flash at %X, Count %d", "WIF: Connected", "MQT: Attempting connection...",
            "MQT: Connected", "SSId1", "Password1", "MqttHost", "MqttPort", "MqttUser", "MqttPassword", "Topic",
            "DeviceName", "FriendlyName1", "Module", "Template", "Backlog", "Status", "Restart", "Unknown",
            "tele/%s/LWT", "cmnd/%s/#", "stat/%s/RESULT", "Online", "Offline", "flashline demo image",
        };
        int s = 0;
        while (pos < length * 2 / 3) {
            byte[] text = strings[s++ % strings.length].getBytes(StandardCharsets.US_ASCII);
            if (pos + text.length + 1 > length) {
                break;
            }
            pos = put(out, pos, text);
            out[pos++] = 0;
        }
        byte[] constants = CodeLikeBytes.generate(random, length - pos);
        System.arraycopy(constants, 0, out, pos, constants.length);
        return out;
    }

    private static void checkVersion(String version) {
        if (version == null || version.isEmpty() || version.length() > MAX_VERSION_LENGTH || !isPrintable(version)) {
            throw new IllegalArgumentException("version must be 1-" + MAX_VERSION_LENGTH + " printable ASCII characters");
        }
    }

    private static boolean isPrintable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    private static int put(byte[] out, int pos, byte[] bytes) {
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        return pos + bytes.length;
    }

    private static int align4(int n) {
        return n & ~3;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

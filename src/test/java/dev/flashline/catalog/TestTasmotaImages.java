package dev.flashline.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * ESP8266 images shaped like Tasmota builds for the tests: a valid header, one IRAM segment with
 * code-like bytes, Tasmota's image marker and the version (as text or as the 32-bit constant), and
 * the right checksum.
 */
public final class TestTasmotaImages {
    private TestTasmotaImages() {
    }

    public static byte[] withText(String version, int size) {
        return build(version.getBytes(StandardCharsets.US_ASCII), size, true);
    }

    /** The version only as Tasmota's TASMOTA_VERSION literal (major<<24|minor<<16|patch<<8). */
    public static byte[] withConstant(int major, int minor, int patch, int size) {
        int v = major << 24 | minor << 16 | patch << 8;
        return build(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >>> 24)}, size, true);
    }

    public static byte[] withoutMarker(String version, int size) {
        return build(version.getBytes(StandardCharsets.US_ASCII), size, false);
    }

    private static byte[] build(byte[] versionBytes, int size, boolean marker) {
        int segLen = ((size - 8 - 8 - 16) / 4) * 4;
        byte[] seg = new byte[segLen];
        new Random(size).nextBytes(seg);
        // Keep the random filler free of accidental marker/version bytes: clear a zone and place ours there.
        int at = segLen / 3;
        java.util.Arrays.fill(seg, at - 8, at + 64, (byte) 0);
        if (marker) {
            System.arraycopy(TasmotaImageCheck.marker(), 0, seg, at, 12);
        }
        System.arraycopy(versionBytes, 0, seg, at + 24, versionBytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xE9);
        out.write(1);
        out.write(0x03); // DOUT, as Tasmota's ESP8266 builds
        out.write(0x20); // 1MB, 40 MHz
        le32(out, 0x40100004);
        le32(out, 0x40100000);
        le32(out, segLen);
        out.writeBytes(seg);
        int checksum = 0xEF;
        for (byte b : seg) {
            checksum ^= b & 0xFF;
        }
        while ((out.size() & 15) != 15) {
            out.write(0);
        }
        out.write(checksum);
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >>> 24);
    }
}

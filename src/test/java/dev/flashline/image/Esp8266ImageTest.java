package dev.flashline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class Esp8266ImageTest {
    /** Builds a minimal valid image: header, segments, checksum at the end of the 16-byte-aligned tail. */
    static byte[] image(int entry, byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xE9);
        out.write(segments.length);
        out.write(2); // DIO
        out.write(0x20); // 1MB, 40 MHz
        out.writeBytes(le(entry));
        int checksum = 0xEF;
        int address = 0x40100000;
        for (byte[] s : segments) {
            out.writeBytes(le(address));
            out.writeBytes(le(s.length));
            out.writeBytes(s);
            for (byte b : s) {
                checksum ^= b & 0xFF;
            }
            address += 0x1000;
        }
        while (out.size() % 16 != 15) {
            out.write(0);
        }
        out.write(checksum);
        return out.toByteArray();
    }

    private static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Test
    void parsesAValidImage() {
        Esp8266Image img = Esp8266Image.parse(image(0x40100004, new byte[] {1, 2, 3, 4}, new byte[40]), "t.bin");
        assertEquals(2, img.segmentCount());
        assertEquals(FlashMode.DIO, img.flashMode());
        assertEquals(1 << 20, img.declaredFlashSize());
    }

    @Test
    void refusesBadChecksumTruncationGzipAndOtherChips() {
        byte[] ok = image(0x40100004, new byte[] {1, 2, 3, 4});
        byte[] bad = ok.clone();
        bad[bad.length - 1] ^= 1;
        assertMessage(bad, "checksum");
        byte[] truncated = java.util.Arrays.copyOf(ok, 18);
        assertMessage(truncated, "past the end");
        assertMessage(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0}, "gzip");
        assertMessage(image(0x40080000, new byte[] {1, 2, 3, 4}), "ESP32");
        assertMessage(new byte[] {0x7F, 'E', 'L', 'F', 0, 0, 0, 0}, "magic");
    }

    @Test
    void headerPatchChangesOnlyModeAndSizeNibble() {
        byte[] img = image(0x40100004, new byte[] {1, 2, 3, 4});
        byte[] patched = new HeaderPatch(FlashMode.DOUT, 4 << 20).apply(img);
        assertEquals(3, patched[2]);
        assertEquals(0x40, patched[3] & 0xFF); // size 4MB, frequency nibble (40 MHz = 0) kept
        for (int i = 4; i < img.length; i++) {
            assertEquals(img[i], patched[i]);
        }
        // The checksum covers only segment data, so the patched image is still valid.
        assertEquals(4 << 20, Esp8266Image.parse(patched, "p").declaredFlashSize());
    }

    private static void assertMessage(byte[] data, String fragment) {
        FlashlineException e = assertThrows(FlashlineException.class, () -> Esp8266Image.parse(data, "x.bin"));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(!e.hint().isEmpty());
    }
}

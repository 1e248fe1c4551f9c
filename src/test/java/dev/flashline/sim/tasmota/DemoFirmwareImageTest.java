package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class DemoFirmwareImageTest {
    private static final byte[] IMAGE = DemoFirmwareImage.build();

    @Test
    void headerAndChecksumFollowTheEsp8266ImageFormat() {
        assertEquals(DemoFirmwareImage.DEFAULT_SIZE, IMAGE.length);
        assertEquals(0xE9, IMAGE[0] & 0xFF);
        int segments = IMAGE[1] & 0xFF;
        assertEquals(4, segments);
        assertEquals(3, IMAGE[2], "flash mode DOUT");
        // Walk the segments independently of EspAppImage and recompute the checksum by hand.
        int pos = 8;
        int checksum = 0xEF;
        for (int s = 0; s < segments; s++) {
            int length = (int) EspAppImage.u32(IMAGE, pos + 4);
            assertEquals(0, length % 4, "segment lengths are word multiples");
            pos += 8;
            for (int i = 0; i < length; i++) {
                checksum ^= IMAGE[pos + i] & 0xFF;
            }
            pos += length;
        }
        int checksumAt = pos | 15;
        assertEquals(IMAGE.length - 1, checksumAt, "checksum is the last byte of the last 16-byte block");
        assertEquals(checksum, IMAGE[checksumAt] & 0xFF);
        for (int i = pos; i < checksumAt; i++) {
            assertEquals(0, IMAGE[i], "padding is zero");
        }
        assertEquals(IMAGE.length, EspAppImage.validLength(IMAGE, 0).getAsInt());
    }

    @Test
    void aFlippedDataBitOrAWrongMagicMakesTheImageInvalid() {
        byte[] corrupt = IMAGE.clone();
        corrupt[100_000] ^= 0x10;
        assertTrue(EspAppImage.validLength(corrupt, 0).isEmpty());
        byte[] wrongMagic = IMAGE.clone();
        wrongMagic[0] = (byte) 0xEA;
        assertTrue(EspAppImage.validLength(wrongMagic, 0).isEmpty());
        byte[] erased = new byte[IMAGE.length];
        Arrays.fill(erased, (byte) 0xFF);
        assertTrue(EspAppImage.validLength(erased, 0).isEmpty());
    }

    @Test
    void headerFlashModeAndSizeBytesAreNotPartOfTheChecksum() {
        // Flashers rewrite bytes 2-3 (--flash-mode / --flash-size); the image must stay bootable.
        byte[] patched = IMAGE.clone();
        patched[2] = 2;
        patched[3] = 0x40;
        assertTrue(EspAppImage.validLength(patched, 0).isPresent());
    }

    @Test
    void deflatesToAboutSeventyPercentLikeRealFirmware() {
        for (int level : new int[] {Deflater.DEFAULT_COMPRESSION, Deflater.BEST_COMPRESSION}) {
            double ratio = (double) deflatedSize(IMAGE, level) / IMAGE.length;
            assertTrue(ratio > 0.65 && ratio < 0.75, "deflate ratio at level " + level + " was " + ratio);
        }
    }

    @Test
    void buildIsDeterministicAndDependsOnVersionAndSize() {
        assertArrayEquals(IMAGE, DemoFirmwareImage.build("14.3.0(demo)", DemoFirmwareImage.DEFAULT_SIZE));
        byte[] other = DemoFirmwareImage.build("14.4.0(demo)", 512 * 1024);
        assertEquals(512 * 1024, other.length);
        assertTrue(EspAppImage.validLength(other, 0).isPresent());
        assertFalse(Arrays.equals(IMAGE, DemoFirmwareImage.build("14.4.0(demo)", DemoFirmwareImage.DEFAULT_SIZE)));
    }

    @Test
    void rejectsSizesAndVersionsItCannotRepresent() {
        assertThrows(IllegalArgumentException.class, () -> DemoFirmwareImage.build("1.0", 100_001));
        assertThrows(IllegalArgumentException.class, () -> DemoFirmwareImage.build("1.0", 4096));
        assertThrows(IllegalArgumentException.class, () -> DemoFirmwareImage.build("bad\nversion", 65536));
        assertThrows(IllegalArgumentException.class, () -> DemoFirmwareImage.build("", 65536));
    }

    @Test
    void detectVersionFindsTheMarkerInTheImageAndInAWholeFlashDump() {
        assertEquals(Optional.of("14.3.0(demo)"), DemoFirmwareImage.detectVersion(IMAGE));
        byte[] flash = new byte[1024 * 1024];
        Arrays.fill(flash, (byte) 0xFF);
        byte[] image = DemoFirmwareImage.build("15.0.1(demo)", 256 * 1024);
        System.arraycopy(image, 0, flash, 0, image.length);
        assertEquals(Optional.of("15.0.1(demo)"), DemoFirmwareImage.detectVersion(flash));
    }

    @Test
    void detectVersionIsEmptyWithoutTheMarker() {
        byte[] erased = new byte[65536];
        Arrays.fill(erased, (byte) 0xFF);
        assertEquals(Optional.empty(), DemoFirmwareImage.detectVersion(erased));
        byte[] markerWithoutVersion = (DemoFirmwareImage.MARKER + "\0").getBytes();
        assertEquals(Optional.empty(), DemoFirmwareImage.detectVersion(markerWithoutVersion));
    }

    private static int deflatedSize(byte[] data, int level) {
        Deflater deflater = new Deflater(level);
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[64 * 1024];
        int total = 0;
        while (!deflater.finished()) {
            total += deflater.deflate(buffer);
        }
        deflater.end();
        return total;
    }
}

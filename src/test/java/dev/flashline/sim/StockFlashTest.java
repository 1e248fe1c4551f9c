package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class StockFlashTest {
    private static final byte[] MAC_A = VirtualDeviceConfig.defaultMac(1);
    private static final byte[] MAC_B = VirtualDeviceConfig.defaultMac(2);

    @Test
    void hasBootloaderTwoOtaImagesConfigAndSystemSectorsRestErased() {
        byte[] f = StockFlash.build(1 << 20, MAC_A);
        assertEquals(1 << 20, f.length);
        for (int image : new int[] {0, 0x1000, 0x81000}) {
            assertEquals((byte) 0xE9, f[image], "ESP8266 image magic at 0x" + Integer.toHexString(image));
        }
        assertTrue(allFf(f, StockFlash.BOOT_SIZE, 0x1000), "rest of sector 0 erased");
        assertTrue(allFf(f, 0x1000 + StockFlash.USER1_SIZE, 0x7C000), "slot 1 after its image erased");
        assertTrue(allFf(f, 0x81000 + StockFlash.USER2_SIZE, 0xFB000), "slot 2 after its image erased");
        assertFalse(allFf(f, 0x7C000, 0x7C100), "application config");
        assertFalse(allFf(f, 0xFB000, 0xFB100), "RF calibration, 5th sector from the end");
        assertFalse(allFf(f, 0xFC000, 0xFC080), "PHY init data, 4th from the end");
        assertFalse(allFf(f, 0xFD000, 0xFD100), "system parameters");
        long erased = 0;
        for (byte b : f) {
            erased += b == (byte) 0xFF ? 1 : 0;
        }
        assertTrue(erased > f.length * 0.25 && erased < f.length * 0.45, "erased share " + erased);
    }

    @Test
    void sameMacSameBytesFirmwareSharedConfigPerDevice() {
        byte[] a = StockFlash.build(1 << 20, MAC_A);
        byte[] b = StockFlash.build(1 << 20, MAC_B);
        assertArrayEquals(a, StockFlash.build(1 << 20, MAC_A));
        assertArrayEquals(Arrays.copyOf(a, 0x7C000), Arrays.copyOf(b, 0x7C000), "one stock release on every device");
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0x7C000, 0x7D000), Arrays.copyOfRange(b, 0x7C000, 0x7D000)));
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0xFB000, 0xFC000), Arrays.copyOfRange(b, 0xFB000, 0xFC000)));
    }

    @Test
    void firmwareCompressesLikeCodeAndTheChipAboutHalf() {
        byte[] f = StockFlash.build(1 << 20, MAC_A);
        double image = ratio(Arrays.copyOfRange(f, 0x1000, 0x1000 + StockFlash.USER1_SIZE));
        assertTrue(image > 0.6 && image < 0.9, "stock image deflates to " + image);
        double chip = ratio(f);
        assertTrue(chip > 0.35 && chip < 0.65, "whole chip deflates to " + chip);
    }

    @Test
    void virtualDeviceStartsWithItWhenAsked() {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().mac(MAC_A).stockFlash(true).build());
        assertArrayEquals(StockFlash.build(1 << 20, MAC_A), dev.flash().snapshot());
        assertTrue(allFf(new VirtualDevice(VirtualDeviceConfig.builder().build()).flash().snapshot(), 0, 1 << 20));
    }

    private static boolean allFf(byte[] f, int from, int to) {
        for (int i = from; i < to; i++) {
            if (f[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    private static double ratio(byte[] data) {
        Deflater d = new Deflater(6);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[65536];
        long out = 0;
        while (!d.finished()) {
            out += d.deflate(buf);
        }
        d.end();
        return (double) out / data.length;
    }
}

package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StockFlash32Test {
    private static final byte[] MAC_A = {0x24, 0x0a, (byte) 0xc4, 1, 2, 3};
    private static final byte[] MAC_B = {0x24, 0x0a, (byte) 0xc4, 1, 2, 4};

    @Test
    void esp32LayoutFollowsEspIdfTwoOtaMap() {
        byte[] flash = StockFlash32.build(Chip.ESP32, 4 << 20, MAC_A);
        assertEquals((byte) 0xFF, flash[0], "the ESP32 bootloader starts at 0x1000");
        assertEquals((byte) 0xE9, flash[0x1000]);
        assertEquals((byte) 0xAA, flash[0x8000], "partition table magic 0x50AA");
        assertEquals((byte) 0x50, flash[0x8001]);
        assertEquals((byte) 0xE9, flash[0x10000], "ota_0");
        assertEquals((byte) 0xE9, flash[0x110000], "ota_1");
        long blank = 0;
        for (byte b : flash) {
            blank += b == (byte) 0xFF ? 1 : 0;
        }
        assertTrue(blank > flash.length / 2, "most of a stock 4 MB chip is erased: " + blank);
    }

    @Test
    void esp32c3BootloaderAtZero() {
        assertEquals((byte) 0xE9, StockFlash32.build(Chip.ESP32C3, 4 << 20, MAC_A)[0]);
    }

    @Test
    void firmwareIsTheSameOnEveryDeviceOfAModelSettingsAreNot() {
        byte[] a = StockFlash32.build(Chip.ESP32, 4 << 20, MAC_A);
        byte[] b = StockFlash32.build(Chip.ESP32, 4 << 20, MAC_B);
        assertArrayEquals(Arrays.copyOfRange(a, 0x10000, 0x210000), Arrays.copyOfRange(b, 0x10000, 0x210000));
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 0x9000, 0xD000), Arrays.copyOfRange(b, 0x9000, 0xD000)), "NVS is per device");
    }
}

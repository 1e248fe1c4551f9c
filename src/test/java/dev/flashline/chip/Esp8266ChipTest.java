package dev.flashline.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.units.ByteSize;
import org.junit.jupiter.api.Test;

class Esp8266ChipTest {
    /** What the ESP8266 ROM's FLASH_BEGIN erases for a requested size: min(n, t) + n sectors. */
    private static int romErasesSectors(int offset, int requestedBytes) {
        int n = (requestedBytes + 4095) / 4096;
        int t = 16 - (offset / 4096) % 16;
        return Math.min(n, t) + n;
    }

    @Test
    void compensatedEraseSizeMakesTheRomEraseExactlyTheSectorsNeeded() {
        for (int offset : new int[] {0, 0x1000, 0x8000, 0xF000, 0x10000, 0x7B000}) {
            for (int size = 1; size <= 0x60000; size += 0x1000 - 7) {
                int wanted = (size + 4095) / 4096;
                int erased = romErasesSectors(offset, Esp8266Chip.romEraseSize(offset, size));
                // An odd count that fits before the block boundary can only be rounded up by one sector.
                assertTrue(erased == wanted || erased == wanted + 1,
                        "offset " + offset + " size " + size + ": wanted " + wanted + " erased " + erased);
            }
        }
    }

    @Test
    void wholeOneMegabyteChipIsErasedExactly() {
        assertEquals(256, romErasesSectors(0, Esp8266Chip.romEraseSize(0, 1 << 20)));
    }

    @Test
    void macUsesEspressifOuisAndCustomOui() {
        int e0 = 0xAB000000;
        int e1 = 0x00001234; // bits 16..23 = 0 → 18:FE:34
        assertEquals("18:fe:34:12:34:ab", Esp8266Chip.mac(e0, e1, 0));
        assertEquals("ac:d0:74:12:34:ab", Esp8266Chip.mac(e0, e1 | 0x010000, 0));
        assertEquals("5c:cf:7f:12:34:ab", Esp8266Chip.mac(e0, e1, 0x005CCF7F));
    }

    @Test
    void esp8285IsMarkedByEitherEfuseBit() {
        assertTrue(Esp8266Chip.isEsp8285(1 << 4, 0));
        assertTrue(Esp8266Chip.isEsp8285(0, 1 << 16));
        assertEquals(false, Esp8266Chip.isEsp8285(0, 0));
    }

    @Test
    void flashSizeFromCapacityByte() {
        assertEquals(1 << 20, Esp8266Chip.flashSizeFromCapacityByte(0x14));
        assertEquals(4 << 20, Esp8266Chip.flashSizeFromCapacityByte(0x16));
        assertEquals(0, Esp8266Chip.flashSizeFromCapacityByte(0xFF));
        assertEquals("1MB", ByteSize.format(1 << 20));
        assertEquals(512 << 10, ByteSize.parse("512KB", "flash size"));
    }
}

package dev.flashline.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Esp8266TargetTest {
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
                int erased = romErasesSectors(offset, Esp8266Target.romEraseSize(offset, size));
                // An odd count that fits before the block boundary can only be rounded up by one sector.
                assertTrue(erased == wanted || erased == wanted + 1,
                        "offset " + offset + " size " + size + ": wanted " + wanted + " erased " + erased);
            }
        }
    }

    @Test
    void wholeOneMegabyteChipIsErasedExactly() {
        assertEquals(256, romErasesSectors(0, Esp8266Target.romEraseSize(0, 1 << 20)));
    }

    @Test
    void macUsesEspressifOuisAndCustomOui() {
        int e0 = 0xAB000000;
        int e1 = 0x00001234; // bits 16..23 = 0 → 18:FE:34
        assertEquals("18:fe:34:12:34:ab", Esp8266Target.mac(e0, e1, 0));
        assertEquals("ac:d0:74:12:34:ab", Esp8266Target.mac(e0, e1 | 0x010000, 0));
        assertEquals("5c:cf:7f:12:34:ab", Esp8266Target.mac(e0, e1, 0x005CCF7F));
    }

    @Test
    void esp8285IsMarkedByEitherEfuseBit() {
        assertTrue(Esp8266Target.isEsp8285(1 << 4, 0));
        assertTrue(Esp8266Target.isEsp8285(0, 1 << 16));
        assertEquals(false, Esp8266Target.isEsp8285(0, 0));
    }

    @Test
    void flashSizeFromCapacityByte() {
        assertEquals(1 << 20, FlashSize.fromCapacityByte(0x14));
        assertEquals(4 << 20, FlashSize.fromCapacityByte(0x16));
        assertEquals(0, FlashSize.fromCapacityByte(0xFF));
        assertEquals("1MB", FlashSize.label(1 << 20));
        assertEquals(512 << 10, FlashSize.parse("512KB"));
    }
}

package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Set;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The write half of the swap: 'e' erases only what is not blank already, and the image still lands whole. */
class SwapWriterTest {
    private static final int MB = 1 << 20;

    @Test
    void anEraseSkipsBlankSectorsAndErasesBlocksOnlyWhenMostlyUsed() throws Exception {
        VirtualFlash raw = new VirtualFlash(MB);
        raw.program(0x53000, new byte[4096], 0, 4096);             // block 0x50000: two sectors hold data,
        raw.program(0x59FFF, new byte[] {(byte) 0xFE}, 0, 1);      // one of them only in its last byte
        for (int k = 0; k < 5; k++) {
            raw.program(0x60000 + k * 0x3000 + 100, new byte[1], 0, 1); // block 0x60000: five sectors
        }
        raw.program(0x70000, StubLoaderTest.randomImage(0x10000, 5), 0, 0x10000);
        raw.program(0x80000, new byte[1], 0, 1);                    // a partial block with one sector used
        FlashChip flash = new FlashChip(raw, Set.of());
        int size = 0x42000 - 100;
        SwapWriter writer = new SwapWriter(flash, 0x40000, size);

        for (long at = 0x40000; at < 0x82000; at += 0x10000) {
            assertEquals(StubErrors.OK, writer.erase(at, Math.min(0x10000, 0x82000 - at), MB, () -> { }));
        }
        // block 0x40000 blank: nothing; 0x50000: its two sectors; 0x60000, 0x70000: a block erase each;
        // 0x80000..0x82000: the one used sector
        assertEquals(2, flash.blockErases(), "block erases");
        assertEquals(3, flash.sectorErases(), "sector erases");

        byte[] image = StubLoaderTest.randomImage(size, 6);
        byte[] z = deflateRaw(image);
        assertEquals(StubErrors.OK, writer.data(z, 0, z.length, MB));
        assertEquals(StubErrors.OK, writer.finish(MB));
        assertArrayEquals(image, Arrays.copyOfRange(raw.snapshot(), 0x40000, 0x40000 + size), "blank sectors count as erased");
    }

    private static byte[] deflateRaw(byte[] data) {
        Deflater d = new Deflater(1, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 1024];
        int n = 0;
        while (!d.finished()) {
            n += d.deflate(buf, n, buf.length - n);
        }
        d.end();
        return Arrays.copyOf(buf, n);
    }
}

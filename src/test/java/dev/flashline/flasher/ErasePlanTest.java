package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErasePlanTest {
    private static final int FLASH = 1 << 20;
    private static final int SECTORS = FLASH / ErasePlan.SECTOR;

    @Test
    void erasesExactlyTheNonBlankSectorsOutsideTheWriteInRegionsWithinOneBlock() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            BitSet blank = new BitSet();
            for (int s = 0; s < SECTORS; s++) {
                blank.set(s, random.nextInt(4) != 0);
            }
            int writeOffset = random.nextInt(SECTORS / 2) * ErasePlan.SECTOR;
            int writeSize = 1 + random.nextInt(FLASH - writeOffset);
            List<ErasePlan.Region> regions = ErasePlan.regions(blank, FLASH, writeOffset, writeSize);
            BitSet erased = new BitSet();
            for (ErasePlan.Region r : regions) {
                assertEquals(0, r.offset() % ErasePlan.SECTOR);
                assertEquals(0, r.size() % ErasePlan.SECTOR);
                assertTrue(r.size() > 0);
                assertEquals(r.offset() / ErasePlan.BLOCK, (r.offset() + r.size() - 1) / ErasePlan.BLOCK, "one 64 KB block: " + r);
                erased.set(r.offset() / ErasePlan.SECTOR, (r.offset() + r.size()) / ErasePlan.SECTOR);
            }
            int firstWritten = writeOffset / ErasePlan.SECTOR;
            int endWritten = (writeOffset + writeSize + ErasePlan.SECTOR - 1) / ErasePlan.SECTOR;
            for (int s = 0; s < SECTORS; s++) {
                boolean written = s >= firstWritten && s < endWritten;
                assertEquals(!blank.get(s) && !written, erased.get(s), "sector " + s);
            }
        }
    }

    @Test
    void aWholeDataBlockIsOneRegionAndBlankSectorsAreFound() {
        byte[] flash = new byte[FLASH];
        java.util.Arrays.fill(flash, (byte) 0xFF);
        java.util.Arrays.fill(flash, 0x20000, 0x30000, (byte) 0);
        flash[0x31000 + 4095] = 1;
        BitSet blank = ErasePlan.blankSectors(flash);
        assertEquals(SECTORS - 17, blank.cardinality());
        assertEquals(List.of(new ErasePlan.Region(0x20000, 0x10000), new ErasePlan.Region(0x31000, 0x1000)),
                ErasePlan.regions(blank, FLASH, 0, 0x1000));
    }
}

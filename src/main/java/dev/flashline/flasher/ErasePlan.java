package dev.flashline.flasher;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which flash regions to erase before a write, given which 4 KB sectors are already blank (from a
 * backup of the whole chip): every sector that holds data and that the write will not erase itself.
 * Contiguous sectors go in one region, cut at 64 KB boundaries so that whole blocks can be erased by
 * the chip's block erase. The result equals erasing the whole chip and then writing.
 */
public final class ErasePlan {
    public static final int SECTOR = 4096;
    public static final int BLOCK = 64 * 1024;

    /** One ERASE_REGION: sector-aligned offset and size. */
    public record Region(int offset, int size) {
    }

    private ErasePlan() {
    }

    /** Sector i is set when its 4 KB are all 0xFF; a partial last sector counts as blank only if all its bytes are. */
    public static BitSet blankSectors(byte[] flash) {
        BitSet blank = new BitSet();
        for (int sector = 0; (long) sector * SECTOR < flash.length; sector++) {
            int from = sector * SECTOR;
            int to = Math.min(flash.length, from + SECTOR);
            boolean all = true;
            for (int i = from; i < to && all; i++) {
                all = flash[i] == (byte) 0xFF;
            }
            blank.set(sector, all);
        }
        return blank;
    }

    /**
     * Regions to erase on a chip of {@code flashSize} bytes whose blank sectors are {@code blank},
     * before writing {@code writeSize} bytes at {@code writeOffset} (whose sectors the write erases).
     */
    public static List<Region> regions(BitSet blank, int flashSize, int writeOffset, int writeSize) {
        int sectors = (flashSize + SECTOR - 1) / SECTOR;
        int writeFirst = writeOffset / SECTOR;
        int writeEnd = writeSize <= 0 ? writeFirst : (int) (((long) writeOffset + writeSize + SECTOR - 1) / SECTOR);
        List<Region> out = new ArrayList<>();
        int runStart = -1;
        for (int s = 0; s <= sectors; s++) {
            boolean erase = s < sectors && !blank.get(s) && (s < writeFirst || s >= writeEnd);
            boolean cut = s % (BLOCK / SECTOR) == 0; // a 64 KB boundary ends a region
            if (runStart >= 0 && (!erase || cut)) {
                out.add(new Region(runStart * SECTOR, (s - runStart) * SECTOR));
                runStart = -1;
            }
            if (erase && runStart < 0) {
                runStart = s;
            }
        }
        return out;
    }

    public static long bytes(List<Region> regions) {
        return regions.stream().mapToLong(Region::size).sum();
    }
}

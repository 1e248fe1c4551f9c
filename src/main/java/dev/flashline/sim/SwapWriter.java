package dev.flashline.sim;

import java.io.IOException;
import java.util.BitSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The write half of a READ_WRITE_DEFL session: erases ('e') and the image's raw DEFLATE stream
 * ('d', 'f'), each checked against the read frontier the caller passes in, so that no byte the
 * host has not backed up is ever erased or written. Methods answer a stub error code; {@link
 * StubErrors#NOT_BACKED_UP} means the session must end with 'X'.
 */
final class SwapWriter {
    private static final int SECTOR = VirtualFlash.SECTOR_SIZE;
    private static final int PAGE = FlashChip.PAGE_SIZE;
    private static final int BLOCK = SECTOR * FlashChip.SECTORS_PER_BLOCK;
    /** The stub checks a sector for blank flash in reads of this size and stops at the first other byte. */
    private static final int CHECK_PIECE = 1024;
    /** More non-blank sectors than this in a whole block: one block erase instead of sector erases. */
    private static final int BLOCK_ERASE_OVER = 4;

    private final FlashChip flash;
    private final long offset;
    private final long size;
    /** End of the write region rounded up to whole sectors: the last sector may be erased whole. */
    private final long regionEnd;
    private final Inflater inflater = new Inflater(true);
    private final BitSet erasedSectors = new BitSet();
    /** Inflated bytes waiting for a whole page (programs go page by page, each page once). */
    private final byte[] staged = new byte[SECTOR + PAGE];
    private int stagedLength;
    private long inflated;
    private long written;

    /** Called before each erase command: an erase blocks the CPU, the caller lets its output drain first. */
    @FunctionalInterface
    interface BeforeErase {
        void await() throws IOException;
    }

    SwapWriter(FlashChip flash, long offset, long size) {
        this.flash = flash;
        this.offset = offset;
        this.size = size;
        this.regionEnd = (offset + size + SECTOR - 1) / SECTOR * SECTOR;
    }

    /** Image bytes programmed so far, counted from the write offset (what 'W' reports). */
    long written() {
        return written;
    }

    /**
     * 'e': erase [address, address+length), sector-aligned, inside the write region, below limit.
     * As the stub, block by block it first reads which sectors are not blank (at the flash read
     * rate) and erases only those: none, just those sectors when at most four, else the whole block
     * (a partial block: its non-blank sectors). Blank sectors count as erased all the same. The
     * reads go on while the output drains; gate runs before each erase command.
     */
    int erase(long address, long length, long limit, BeforeErase gate) throws IOException {
        if (length <= 0 || address % SECTOR != 0 || length % SECTOR != 0
                || address < offset || address + length > regionEnd) {
            return StubErrors.BAD_DATA_LEN;
        }
        if (address + length > limit) {
            return StubErrors.NOT_BACKED_UP;
        }
        for (long pos = address, end = address + length; pos < end; ) {
            long stop = Math.min((pos / BLOCK + 1) * BLOCK, end);
            BitSet dirty = new BitSet();
            for (long s = pos; s < stop; s += SECTOR) {
                if (!blank(s)) {
                    dirty.set((int) ((s - pos) / SECTOR));
                }
            }
            boolean ok = true;
            if (stop - pos == BLOCK && dirty.cardinality() > BLOCK_ERASE_OVER) {
                gate.await();
                ok = flash.eraseBlock((int) (pos / BLOCK));
            } else {
                for (int i = dirty.nextSetBit(0); i >= 0 && ok; i = dirty.nextSetBit(i + 1)) {
                    gate.await();
                    ok = flash.eraseSector((int) (pos / SECTOR) + i);
                }
            }
            if (!ok) {
                return StubErrors.FAILED_SPI_OP;
            }
            pos = stop;
        }
        erasedSectors.set((int) (address / SECTOR), (int) ((address + length) / SECTOR));
        return StubErrors.OK;
    }

    /** Whether the sector holds only 0xFF, read as the stub does (charged per piece read). */
    private boolean blank(long sectorAddress) {
        for (int k = 0; k < SECTOR; k += CHECK_PIECE) {
            for (byte b : flash.read(sectorAddress + k, CHECK_PIECE)) {
                if (b != (byte) 0xFF) {
                    return false;
                }
            }
        }
        return true;
    }

    /** 'd': inflates the next piece of the image and programs every whole page it completes. */
    int data(byte[] frame, int from, int length, long limit) {
        if (inflater.finished()) {
            return StubErrors.TOO_MUCH_DATA;
        }
        inflater.setInput(frame, from, length);
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(staged, stagedLength, staged.length - stagedLength);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                inflated += n;
                stagedLength += n;
                if (inflated > size) {
                    return StubErrors.TOO_MUCH_DATA;
                }
                int err = programStaged(stagedLength / PAGE * PAGE, limit);
                if (err != StubErrors.OK) {
                    return err;
                }
            }
        } catch (DataFormatException e) {
            return StubErrors.INFLATE_ERROR;
        }
        if (inflater.finished() && inflater.getRemaining() > 0) {
            return StubErrors.TOO_MUCH_DATA;
        }
        return StubErrors.OK;
    }

    /** 'f': the stream must be complete with exactly the image's size; the last partial page goes out. */
    int finish(long limit) {
        if (!inflater.finished() || inflated != size) {
            return StubErrors.NOT_ENOUGH_DATA;
        }
        return programStaged(stagedLength, limit);
    }

    /** Programs the first n staged bytes at the next image address, if the checks allow it. */
    private int programStaged(int n, long limit) {
        if (n == 0) {
            return StubErrors.OK;
        }
        long address = offset + written;
        if (address + n > limit || !allErased(address, address + n)) {
            return StubErrors.NOT_BACKED_UP;
        }
        if (!flash.program(address, staged, 0, n)) {
            return StubErrors.FAILED_SPI_OP;
        }
        written += n;
        System.arraycopy(staged, n, staged, 0, stagedLength - n);
        stagedLength -= n;
        return StubErrors.OK;
    }

    private boolean allErased(long from, long to) {
        int first = (int) (from / SECTOR);
        int last = (int) ((to - 1) / SECTOR);
        return erasedSectors.nextClearBit(first) > last;
    }

    void end() {
        inflater.end();
    }
}

package dev.flashline.sim;

import java.util.Set;

/**
 * The device's view of its {@link VirtualFlash}: range checks that answer false instead of
 * throwing, stuck-at-0 bits that no erase can set (the FLASH_BAD_BIT fault), and the time each
 * operation takes on a real chip when a {@link FlashClock} with datasheet timing is attached.
 */
final class FlashChip {
    static final int PAGE_SIZE = 256;
    static final int SECTORS_PER_BLOCK = 16;

    private final VirtualFlash flash;
    private final Set<Long> stuckBits;
    private final FlashClock clock;
    /** Erase commands done so far (what tests of erase-skipping look at). */
    private int sectorErases;
    private int blockErases;

    FlashChip(VirtualFlash flash, Set<Long> stuckBitAddresses) {
        this(flash, stuckBitAddresses, FlashClock.instant());
    }

    FlashChip(VirtualFlash flash, Set<Long> stuckBitAddresses, FlashClock clock) {
        this.flash = flash;
        this.stuckBits = Set.copyOf(stuckBitAddresses);
        this.clock = clock;
        applyStuckBits(0, flash.size());
    }

    FlashClock clock() {
        return clock;
    }

    int size() {
        return flash.size();
    }

    boolean contains(long address, long length) {
        return address >= 0 && length >= 0 && address + length <= flash.size();
    }

    boolean eraseSector(int sector) {
        long start = (long) sector * VirtualFlash.SECTOR_SIZE;
        if (!contains(start, VirtualFlash.SECTOR_SIZE)) {
            return false;
        }
        flash.eraseSector(sector);
        sectorErases++;
        applyStuckBits(start, VirtualFlash.SECTOR_SIZE);
        clock.charge(clock.enabled() ? clock.timing().sectorEraseNanos() : 0);
        return true;
    }

    /** 64 KB block erase (16 sectors, one command: much faster per byte than 16 sector erases). */
    boolean eraseBlock(int block) {
        int first = block * SECTORS_PER_BLOCK;
        long start = (long) first * VirtualFlash.SECTOR_SIZE;
        if (!contains(start, (long) SECTORS_PER_BLOCK * VirtualFlash.SECTOR_SIZE)) {
            return false;
        }
        for (int s = first; s < first + SECTORS_PER_BLOCK; s++) {
            flash.eraseSector(s);
        }
        blockErases++;
        applyStuckBits(start, (long) SECTORS_PER_BLOCK * VirtualFlash.SECTOR_SIZE);
        clock.charge(clock.enabled() ? clock.timing().blockEraseNanos() : 0);
        return true;
    }

    /**
     * Erases count sectors from first the way the ROM's SPIEraseArea and the stubs do: sector
     * erases up to a 64 KB boundary, block erases for whole blocks, sector erases for the rest.
     */
    boolean eraseSectors(long first, long count) {
        long s = first;
        long end = first + count;
        while (s < end) {
            boolean ok;
            if (s % SECTORS_PER_BLOCK == 0 && end - s >= SECTORS_PER_BLOCK) {
                ok = eraseBlock((int) (s / SECTORS_PER_BLOCK));
                s += SECTORS_PER_BLOCK;
            } else {
                ok = eraseSector((int) s);
                s++;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    int sectorErases() {
        return sectorErases;
    }

    int blockErases() {
        return blockErases;
    }

    void eraseAll() {
        flash.eraseAll();
        applyStuckBits(0, flash.size());
        clock.charge(clock.enabled() ? clock.timing().chipEraseNanos() : 0);
    }

    boolean program(long address, byte[] data, int offset, int length) {
        if (!contains(address, length)) {
            return false;
        }
        flash.program((int) address, data, offset, length);
        applyStuckBits(address, length);
        if (clock.enabled() && length > 0) {
            long pages = (address + length - 1) / PAGE_SIZE - address / PAGE_SIZE + 1;
            clock.charge(clock.timing().pageProgramNanos((int) pages));
        }
        return true;
    }

    /** A read by the chip's SPI controller: takes the read rate's time. */
    byte[] read(long address, int length) {
        clock.charge(clock.enabled() ? clock.timing().readNanos(length) : 0);
        return flash.read((int) address, length);
    }

    /** Bytes for work whose rate already includes reading (MD5, compression): charge that work instead. */
    byte[] readUncharged(long address, int length) {
        return flash.read((int) address, length);
    }

    void chargeMd5(long bytes) {
        clock.charge(clock.enabled() ? clock.timing().md5Nanos(bytes) : 0);
    }

    void chargeDeflate(long bytes) {
        clock.charge(clock.enabled() ? clock.timing().deflateNanos(bytes) : 0);
    }

    private void applyStuckBits(long start, long length) {
        for (long address : stuckBits) {
            if (address >= start && address < start + length && address < flash.size()) {
                flash.program((int) address, new byte[] {(byte) 0xFE}, 0, 1);
            }
        }
    }
}

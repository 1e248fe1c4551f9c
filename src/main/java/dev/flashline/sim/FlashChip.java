package dev.flashline.sim;

import java.util.Set;

/**
 * The device's view of its {@link VirtualFlash}: range checks that answer false instead of
 * throwing, and stuck-at-0 bits that no erase can set (the FLASH_BAD_BIT fault).
 */
final class FlashChip {
    private final VirtualFlash flash;
    private final Set<Long> stuckBits;

    FlashChip(VirtualFlash flash, Set<Long> stuckBitAddresses) {
        this.flash = flash;
        this.stuckBits = Set.copyOf(stuckBitAddresses);
        applyStuckBits(0, flash.size());
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
        applyStuckBits(start, VirtualFlash.SECTOR_SIZE);
        return true;
    }

    void eraseAll() {
        flash.eraseAll();
        applyStuckBits(0, flash.size());
    }

    boolean program(long address, byte[] data, int offset, int length) {
        if (!contains(address, length)) {
            return false;
        }
        flash.program((int) address, data, offset, length);
        applyStuckBits(address, length);
        return true;
    }

    byte[] read(long address, int length) {
        return flash.read((int) address, length);
    }

    private void applyStuckBits(long start, long length) {
        for (long address : stuckBits) {
            if (address >= start && address < start + length && address < flash.size()) {
                flash.program((int) address, new byte[] {(byte) 0xFE}, 0, 1);
            }
        }
    }
}

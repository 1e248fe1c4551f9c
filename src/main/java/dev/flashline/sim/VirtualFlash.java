package dev.flashline.sim;

import java.util.Arrays;

/**
 * SPI NOR flash as the chip sees it: erase sets a whole 4 KB sector to 0xFF, programming can only
 * clear bits (new = old AND data), so writing over unerased data corrupts it exactly as on hardware.
 */
public final class VirtualFlash {
    public static final int SECTOR_SIZE = 4096;

    private final byte[] cells;

    public VirtualFlash(int size) {
        if (size <= 0 || size % SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("flash size must be a positive multiple of 4 KB: " + size);
        }
        cells = new byte[size];
        Arrays.fill(cells, (byte) 0xFF);
    }

    public int size() {
        return cells.length;
    }

    public synchronized void eraseSector(int sector) {
        int start = sector * SECTOR_SIZE;
        checkRange(start, SECTOR_SIZE);
        Arrays.fill(cells, start, start + SECTOR_SIZE, (byte) 0xFF);
    }

    public synchronized void eraseAll() {
        Arrays.fill(cells, (byte) 0xFF);
    }

    /** NOR program: each byte becomes old AND new. */
    public synchronized void program(int address, byte[] data, int offset, int length) {
        checkRange(address, length);
        for (int i = 0; i < length; i++) {
            cells[address + i] &= data[offset + i];
        }
    }

    public synchronized byte[] read(int address, int length) {
        checkRange(address, length);
        return Arrays.copyOfRange(cells, address, address + length);
    }

    /** A copy of the whole chip, for tests and for the firmware that boots from it. */
    public synchronized byte[] snapshot() {
        return cells.clone();
    }

    /** Factory programming: puts bytes in place regardless of their previous state (a "stock firmware"). */
    public synchronized void load(int address, byte[] data) {
        checkRange(address, data.length);
        System.arraycopy(data, 0, cells, address, data.length);
    }

    private void checkRange(int address, int length) {
        if (address < 0 || length < 0 || (long) address + length > cells.length) {
            throw new IllegalArgumentException(String.format(
                    "flash access 0x%X+0x%X outside the %d-byte chip", address, length, cells.length));
        }
    }
}

package dev.flashline.sim;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The ESP32-family ROM's flash download, plain (FLASH_BEGIN/DATA) or compressed
 * (FLASH_DEFL_BEGIN/DATA): BEGIN erases the whole announced region up front (sector-aligned, no
 * ESP8266 erase-size bug), DATA checks length, sequence number and checksum, then programs the
 * block (compressed: inflates the next piece of one zlib stream) right behind the previous one.
 * Methods return a ROM error code, 0 for success.
 */
final class Esp32RomFlashWriter {
    /** Largest data block accepted per *_DATA packet (esptool's ROM block is 0x400, its stub's 0x4000). */
    static final int MAX_BLOCK = 0x4000;

    private final FlashChip flash;
    private boolean begun;
    private boolean compressed;
    private long regionEnd;
    private long next;
    private long blockSize;
    private long expectedSeq;
    private Inflater inflater;

    Esp32RomFlashWriter(FlashChip flash) {
        this.flash = flash;
    }

    /** words: erase/write size, packet count, packet size, offset. */
    int begin(boolean deflate, long size, long blockSize, long offset, long chipSize) {
        if (blockSize == 0 || blockSize > MAX_BLOCK) {
            return RomErrors.INVALID_MESSAGE;
        }
        if (offset + size > chipSize || !flash.contains(offset, size)) {
            return RomErrors.FAILED_TO_ACT;
        }
        long first = offset / VirtualFlash.SECTOR_SIZE;
        long end = (offset + size + VirtualFlash.SECTOR_SIZE - 1) / VirtualFlash.SECTOR_SIZE;
        for (long s = first; s < end; s++) {
            flash.eraseSector((int) s);
        }
        begun = true;
        compressed = deflate;
        next = offset;
        regionEnd = offset + size;
        this.blockSize = blockSize;
        expectedSeq = 0;
        inflater = deflate ? new Inflater() : null;
        return 0;
    }

    /** data = 16-byte header (length, seq, 0, 0) then the block; checksum from the packet header. */
    int data(boolean deflate, Request req) {
        byte[] d = req.data();
        if (!begun || deflate != compressed) {
            return RomErrors.FAILED_TO_ACT;
        }
        if (d.length < 16 || req.word(0) != d.length - 16 || req.word(0) > blockSize) {
            return RomErrors.INVALID_MESSAGE;
        }
        if (req.word(1) != expectedSeq) {
            return RomErrors.INVALID_MESSAGE;
        }
        int length = d.length - 16;
        int sum = Opcodes.checksum(d, 16, length);
        if (sum != (req.checksum() & 0xFF)) {
            return RomErrors.BAD_CHECKSUM;
        }
        expectedSeq++;
        return deflate ? inflate(d, 16, length) : program(d, 16, length);
    }

    /** Ends the download; true when one was in progress. */
    boolean end() {
        boolean was = begun;
        begun = false;
        inflater = null;
        return was;
    }

    private int inflate(byte[] d, int offset, int length) {
        inflater.setInput(d, offset, length);
        byte[] out = new byte[32768];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(out);
                if (n == 0) {
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        return 0;
                    }
                    continue;
                }
                int err = program(out, 0, n);
                if (err != 0) {
                    return err;
                }
            }
            return 0;
        } catch (DataFormatException e) {
            return RomErrors.DEFLATE_FAILED;
        }
    }

    /** Programs behind the previous block and reads back, as the ROM does (0x08 on a mismatch). */
    private int program(byte[] data, int offset, int length) {
        if (next + length > regionEnd && compressed) {
            return RomErrors.DEFLATE_FAILED; // inflates to more than FLASH_DEFL_BEGIN announced
        }
        if (!flash.program(next, data, offset, length)) {
            return RomErrors.FAILED_TO_ACT;
        }
        byte[] back = flash.read(next, length);
        next += length;
        return Opcodes.checksum(back, 0, length) == Opcodes.checksum(data, offset, length) ? 0 : RomErrors.FLASH_WRITE;
    }
}

package dev.flashline.sim;

import java.io.IOException;

/**
 * The ESP8266 ROM's UART download mode (the ESP32 family's is {@link Esp32RomLoader}). Status
 * is two bytes (status, error). Facts followed here: SYNC is answered
 * eight times with value 0x20120707; before a good SYNC the ROM has not locked its baud rate and
 * ignores everything else; the value field of later answers holds whatever the ROM last put
 * there (a READ_REG result); FLASH_BEGIN erases the buggy amount; FLASH_DATA checks the checksum
 * (0x07), the sequence number and length (0x05), and reads back what it wrote (0x08).
 */
final class RomLoader {
    enum Exit { RUN_USER_CODE, REBOOT, RUN_STUB, CRASHED }

    private static final int SECTORS_PER_BLOCK = 16;
    private static final int SYNC_ANSWERS = 8;

    private final DevicePort port;
    private final RegisterFile registers;
    private final FlashChip flash;
    private final VirtualDeviceConfig config;

    private boolean synced;
    private long lastValue;
    private boolean flashBegun;
    private long flashOffset;
    private long flashBlockSize;
    private long expectedFlashSeq;
    private boolean memBegun;
    private long memRemaining;
    private long memBlockSize;
    private long expectedMemSeq;
    private boolean memReceived;

    RomLoader(DevicePort port, RegisterFile registers, FlashChip flash, VirtualDeviceConfig config) {
        this.port = port;
        this.registers = registers;
        this.flash = flash;
        this.config = config;
    }

    Exit run() throws IOException {
        if (!synced) {
            port.awaitSync();
            synced = true;
            answerSync();
        }
        while (true) {
            Request req = Request.parse(port.nextFrame(-1));
            if (req == null) {
                continue;
            }
            Exit exit = handle(req);
            if (exit != null) {
                return exit;
            }
        }
    }

    private void answerSync() throws IOException {
        lastValue = Opcodes.ROM_SYNC_VALUE;
        for (int i = 0; i < SYNC_ANSWERS; i++) {
            ok(Opcodes.SYNC);
        }
    }

    private Exit handle(Request req) throws IOException {
        int op = req.op();
        if (!req.sizeMatches()) {
            fail(op, RomErrors.INVALID_MESSAGE);
            return null;
        }
        switch (op) {
            case Opcodes.SYNC:
                if (Opcodes.isSyncPayload(req.data())) {
                    answerSync();
                } else {
                    fail(op, RomErrors.INVALID_MESSAGE);
                }
                return null;
            case Opcodes.READ_REG:
                if (req.data().length != 4) {
                    fail(op, RomErrors.INVALID_MESSAGE);
                } else {
                    lastValue = registers.read(req.word(0)) & 0xFFFFFFFFL;
                    ok(op);
                }
                return null;
            case Opcodes.WRITE_REG:
                if (req.data().length != 16) {
                    fail(op, RomErrors.INVALID_MESSAGE);
                } else {
                    registers.write(req.word(0), (int) req.word(1), (int) req.word(2));
                    ok(op);
                }
                return null;
            case Opcodes.SPI_SET_PARAMS:
                if (req.data().length != 24) {
                    fail(op, RomErrors.INVALID_MESSAGE);
                } else {
                    ok(op);
                }
                return null;
            case Opcodes.FLASH_BEGIN:
                flashBegin(req);
                return null;
            case Opcodes.FLASH_DATA:
                flashData(req);
                return null;
            case Opcodes.FLASH_END:
                if (req.data().length != 4) {
                    fail(op, RomErrors.INVALID_MESSAGE);
                    return null;
                }
                flashBegun = false;
                ok(op);
                port.drain();
                return req.word(0) == 0 ? Exit.REBOOT : Exit.RUN_USER_CODE;
            case Opcodes.MEM_BEGIN:
                if (req.data().length != 16) {
                    fail(op, RomErrors.INVALID_MESSAGE);
                    return null;
                }
                memBegun = true;
                memRemaining = req.word(0);
                memBlockSize = req.word(2);
                expectedMemSeq = 0;
                ok(op);
                return null;
            case Opcodes.MEM_DATA:
                memData(req);
                return null;
            case Opcodes.MEM_END:
                if (req.data().length != 8) {
                    fail(op, RomErrors.INVALID_MESSAGE);
                    return null;
                }
                memBegun = false;
                ok(op);
                if (req.word(0) != 0) {
                    return null; // execute flag says "don't run": stay in the loader
                }
                port.drain();
                return memReceived ? Exit.RUN_STUB : Exit.CRASHED;
            default:
                // SPI_ATTACH, CHANGE_BAUDRATE, compressed writes, MD5 and the stub-only commands
                // do not exist in the ESP8266 ROM.
                fail(op, RomErrors.INVALID_MESSAGE);
                return null;
        }
    }

    /**
     * The ESP8266 ROM's erase-size bug: asked for n sectors from sector s, it erases
     * min(n, 16 - s % 16) + n sectors (esptool's get_erase_size compensates for exactly this).
     * A fifth word (the "encrypted" flag later ROMs read, which esptool-js sends to every ROM) is
     * ignored: nothing documents the ESP8266 ROM refusing it, and it has no flash encryption.
     */
    private void flashBegin(Request req) throws IOException {
        if (req.data().length != 16 && req.data().length != 20) {
            fail(Opcodes.FLASH_BEGIN, RomErrors.INVALID_MESSAGE);
            return;
        }
        long eraseSize = req.word(0);
        long blockSize = req.word(2);
        long offset = req.word(3);
        long sectors = (eraseSize + VirtualFlash.SECTOR_SIZE - 1) / VirtualFlash.SECTOR_SIZE;
        long startSector = offset / VirtualFlash.SECTOR_SIZE;
        if (!flash.contains(offset, eraseSize)) {
            fail(Opcodes.FLASH_BEGIN, RomErrors.FAILED_TO_ACT);
            return;
        }
        long head = Math.min(sectors, SECTORS_PER_BLOCK - startSector % SECTORS_PER_BLOCK);
        long erased = sectors == 0 ? 0 : head + sectors;
        long chipSectors = flash.size() / VirtualFlash.SECTOR_SIZE;
        flash.eraseSectors(startSector, Math.min(erased, chipSectors - startSector));
        flashBegun = true;
        flashOffset = offset;
        flashBlockSize = blockSize;
        expectedFlashSeq = 0;
        ok(Opcodes.FLASH_BEGIN);
    }

    private void flashData(Request req) throws IOException {
        int op = Opcodes.FLASH_DATA;
        byte[] d = req.data();
        if (!flashBegun) {
            fail(op, RomErrors.FAILED_TO_ACT);
            return;
        }
        if (d.length < 16 || req.word(0) != d.length - 16 || req.word(0) > flashBlockSize) {
            fail(op, RomErrors.INVALID_MESSAGE);
            return;
        }
        if (req.word(1) != expectedFlashSeq) {
            fail(op, RomErrors.INVALID_MESSAGE);
            return;
        }
        int length = d.length - 16;
        int sum = Opcodes.checksum(d, 16, length);
        if (sum != (req.checksum() & 0xFF)) {
            fail(op, RomErrors.BAD_CHECKSUM);
            return;
        }
        long address = flashOffset + expectedFlashSeq * flashBlockSize;
        if (!flash.program(address, d, 16, length)) {
            fail(op, RomErrors.FAILED_TO_ACT);
            return;
        }
        expectedFlashSeq++;
        byte[] back = flash.read(address, length);
        if (Opcodes.checksum(back, 0, length) != sum) {
            fail(op, RomErrors.FLASH_WRITE);
            return;
        }
        ok(op);
    }

    private void memData(Request req) throws IOException {
        int op = Opcodes.MEM_DATA;
        byte[] d = req.data();
        if (!memBegun) {
            fail(op, RomErrors.FAILED_TO_ACT);
            return;
        }
        if (d.length < 16 || req.word(0) != d.length - 16 || req.word(0) > memBlockSize
                || req.word(0) > memRemaining) {
            fail(op, RomErrors.INVALID_MESSAGE);
            return;
        }
        if (req.word(1) != expectedMemSeq) {
            fail(op, RomErrors.INVALID_MESSAGE);
            return;
        }
        if (Opcodes.checksum(d, 16, d.length - 16) != (req.checksum() & 0xFF)) {
            fail(op, RomErrors.BAD_CHECKSUM);
            return;
        }
        expectedMemSeq++;
        memRemaining -= d.length - 16;
        memReceived = true;
        ok(op);
    }

    private void ok(int op) throws IOException {
        port.sendFrame(Request.response(op, lastValue, new byte[0], status(0, 0)));
    }

    private void fail(int op, int error) throws IOException {
        port.sendFrame(Request.response(op, lastValue, new byte[0], status(1, error)));
    }

    private byte[] status(int status, int error) {
        return new byte[] {(byte) status, (byte) error};
    }
}

package dev.flashline.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The UART download mode of the ESP32 and ESP32-C3 ROMs, per Espressif's serial protocol
 * documentation. Differences from the ESP8266 ROM: four status bytes (status, error, two
 * reserved); SPI_ATTACH (two words) must come before any flash command; SPI_SET_PARAMS sets the
 * flash size the ROM checks addresses against; compressed writes, SPI_FLASH_MD5 (answered as 32
 * lowercase hex characters), CHANGE_BAUDRATE and READ_FLASH_SLOW (64 bytes a packet) exist in ROM.
 * GET_SECURITY_INFO exists on the ESP32-C3 only. ERASE_FLASH / ERASE_REGION / READ_FLASH are
 * stub-only: the ROM refuses them like any unknown command (status 1, error 0x05).
 */
final class Esp32RomLoader {
    enum Exit { RUN_USER_CODE, REBOOT, RUN_STUB, CRASHED, WATCHDOG_RESET }

    static final int READ_FLASH_SLOW = 0x0E;
    static final int GET_SECURITY_INFO = 0x14;
    static final int READ_SLOW_BLOCK = 64;
    /** Image chip id the ESP32-C3 reports in GET_SECURITY_INFO (and carries in its image headers). */
    static final int ESP32C3_CHIP_ID = 5;
    /** ECO version the ESP32-C3 reports after its chip id (revision v0.3 = ECO3). */
    static final int ESP32C3_ECO = 3;
    private static final int SYNC_ANSWERS = 8;

    private final DevicePort port;
    private final Esp32RegisterFile registers;
    private final FlashChip flash;
    private final Chip chip;
    private final Esp32RomFlashWriter writer;

    private boolean synced;
    private long lastValue;
    private boolean spiAttached;
    private long declaredFlashSize;
    private boolean memBegun;
    private long memRemaining;
    private long memBlockSize;
    private long expectedMemSeq;
    private boolean memReceived;

    Esp32RomLoader(DevicePort port, Esp32RegisterFile registers, FlashChip flash, VirtualDeviceConfig config) {
        this.port = port;
        this.registers = registers;
        this.flash = flash;
        this.chip = config.chip();
        this.writer = new Esp32RomFlashWriter(flash);
        this.declaredFlashSize = flash.size();
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
            Exit exit = req.sizeMatches() ? handle(req) : fail(req.op(), RomErrors.INVALID_MESSAGE);
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
        int n = req.data().length;
        switch (op) {
            case Opcodes.SYNC:
                if (!Opcodes.isSyncPayload(req.data())) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                answerSync();
                return null;
            case Opcodes.READ_REG:
                if (n != 4) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                lastValue = registers.read(req.word(0)) & 0xFFFFFFFFL;
                return ok(op);
            case Opcodes.WRITE_REG:
                if (n != 16) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                registers.write(req.word(0), (int) req.word(1), (int) req.word(2));
                ok(op);
                if (registers.watchdogFired()) {
                    port.drain();
                    return Exit.WATCHDOG_RESET;
                }
                return null;
            case Opcodes.SPI_ATTACH:
                if (n != 8) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                spiAttached = true;
                return ok(op);
            case Opcodes.SPI_SET_PARAMS:
                if (n != 24) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                declaredFlashSize = req.word(1);
                return ok(op);
            case Opcodes.CHANGE_BAUDRATE:
                return changeBaud(req);
            case Opcodes.FLASH_BEGIN:
            case Opcodes.FLASH_DEFL_BEGIN:
                return flashBegin(req);
            case Opcodes.FLASH_DATA:
            case Opcodes.FLASH_DEFL_DATA:
                return answer(op, writer.data(op == Opcodes.FLASH_DEFL_DATA, req));
            case Opcodes.FLASH_END:
            case Opcodes.FLASH_DEFL_END:
                if (n != 4) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                writer.end();
                ok(op);
                port.drain();
                return req.word(0) == 0 ? Exit.REBOOT : Exit.RUN_USER_CODE;
            case Opcodes.SPI_FLASH_MD5:
                return md5(req);
            case READ_FLASH_SLOW:
                return readSlow(req);
            case GET_SECURITY_INFO:
                return chip == Chip.ESP32C3 && n == 0 ? securityInfo() : fail(op, RomErrors.INVALID_MESSAGE);
            case Opcodes.MEM_BEGIN:
                if (n != 16) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                memBegun = true;
                memRemaining = req.word(0);
                memBlockSize = req.word(2);
                expectedMemSeq = 0;
                return ok(op);
            case Opcodes.MEM_DATA:
                return memData(req);
            case Opcodes.MEM_END:
                if (n != 8) {
                    return fail(op, RomErrors.INVALID_MESSAGE);
                }
                memBegun = false;
                ok(op);
                if (req.word(0) != 0) {
                    return null; // execute flag says "don't run": stay in the loader
                }
                port.drain();
                return memReceived ? Exit.RUN_STUB : Exit.CRASHED;
            default:
                return fail(op, RomErrors.INVALID_MESSAGE);
        }
    }

    /** Two words: the new rate, then 0 (the ROM's dialect; the stub wants the old rate there). */
    private Exit changeBaud(Request req) throws IOException {
        if (req.data().length != 8 || req.word(0) == 0) {
            return fail(Opcodes.CHANGE_BAUDRATE, RomErrors.INVALID_MESSAGE);
        }
        ok(Opcodes.CHANGE_BAUDRATE);
        port.switchBaud((int) req.word(0));
        return null;
    }

    /**
     * Four words (erase/write size, packets, packet size, offset); a fifth word, the "encrypted"
     * flag, is what the ESP32-C3 ROM expects and what some clients send to every ROM: it is taken
     * when 0 (no flash encryption on this chip) and refused when set.
     */
    private Exit flashBegin(Request req) throws IOException {
        int op = req.op();
        int n = req.data().length;
        if (n != 16 && n != 20) {
            return fail(op, RomErrors.INVALID_MESSAGE);
        }
        if (n == 20 && req.word(4) != 0) {
            return fail(op, RomErrors.FAILED_TO_ACT);
        }
        if (!spiAttached) {
            return fail(op, RomErrors.FAILED_TO_ACT);
        }
        return answer(op, writer.begin(op == Opcodes.FLASH_DEFL_BEGIN, req.word(0), req.word(2), req.word(3),
                declaredFlashSize));
    }

    private Exit md5(Request req) throws IOException {
        int op = Opcodes.SPI_FLASH_MD5;
        long address = req.word(0);
        long size = req.word(1);
        if (req.data().length != 16) {
            return fail(op, RomErrors.INVALID_MESSAGE);
        }
        if (!spiAttached || address + size > declaredFlashSize || !flash.contains(address, size)) {
            return fail(op, RomErrors.FAILED_TO_ACT);
        }
        MessageDigest md = md5Digest();
        for (long a = address; a < address + size; a += VirtualFlash.SECTOR_SIZE) {
            md.update(flash.readUncharged(a, (int) Math.min(VirtualFlash.SECTOR_SIZE, address + size - a)));
        }
        flash.chargeMd5(size); // the MD5 rate includes reading the flash
        byte[] hex = HexFormat.of().formatHex(md.digest()).getBytes(StandardCharsets.US_ASCII);
        port.sendFrame(Request.response(op, lastValue, hex, status(0, 0)));
        return null;
    }

    /** Two words (offset, length up to 64); the answer always carries a 64-byte block. */
    private Exit readSlow(Request req) throws IOException {
        long address = req.word(0);
        long length = req.word(1);
        if (req.data().length != 8) {
            return fail(READ_FLASH_SLOW, RomErrors.INVALID_MESSAGE);
        }
        if (length > READ_SLOW_BLOCK) {
            return fail(READ_FLASH_SLOW, RomErrors.FLASH_READ_LENGTH);
        }
        if (!spiAttached || address + length > declaredFlashSize || !flash.contains(address, length)) {
            return fail(READ_FLASH_SLOW, RomErrors.FAILED_TO_ACT);
        }
        byte[] block = new byte[READ_SLOW_BLOCK];
        long readable = Math.min(READ_SLOW_BLOCK, flash.size() - address);
        System.arraycopy(flash.read(address, (int) readable), 0, block, 0, (int) readable);
        port.sendFrame(Request.response(READ_FLASH_SLOW, lastValue, block, status(0, 0)));
        return null;
    }

    private Exit securityInfo() throws IOException {
        port.sendFrame(Request.response(GET_SECURITY_INFO, lastValue, securityInfoBody(), status(0, 0)));
        return null;
    }

    /** 32-bit flags, flash_crypt_cnt, seven key purposes, chip id, ECO version: all off but the ids. */
    static byte[] securityInfoBody() {
        byte[] body = new byte[20];
        Opcodes.putU32(body, 12, ESP32C3_CHIP_ID);
        Opcodes.putU32(body, 16, ESP32C3_ECO);
        return body;
    }

    private Exit memData(Request req) throws IOException {
        int op = Opcodes.MEM_DATA;
        byte[] d = req.data();
        if (!memBegun) {
            return fail(op, RomErrors.FAILED_TO_ACT);
        }
        if (d.length < 16 || req.word(0) != d.length - 16 || req.word(0) > memBlockSize
                || req.word(0) > memRemaining || req.word(1) != expectedMemSeq) {
            return fail(op, RomErrors.INVALID_MESSAGE);
        }
        if (Opcodes.checksum(d, 16, d.length - 16) != (req.checksum() & 0xFF)) {
            return fail(op, RomErrors.BAD_CHECKSUM);
        }
        expectedMemSeq++;
        memRemaining -= d.length - 16;
        memReceived = true;
        return ok(op);
    }

    private Exit answer(int op, int error) throws IOException {
        return error == 0 ? ok(op) : fail(op, error);
    }

    private Exit ok(int op) throws IOException {
        port.sendFrame(Request.response(op, lastValue, new byte[0], status(0, 0)));
        return null;
    }

    private Exit fail(int op, int error) throws IOException {
        port.sendFrame(Request.response(op, lastValue, new byte[0], status(1, error)));
        return null;
    }

    private static byte[] status(int status, int error) {
        return new byte[] {(byte) status, (byte) error, 0, 0};
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

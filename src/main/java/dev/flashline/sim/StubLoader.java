package dev.flashline.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * esptool's flasher stub as it behaves on an ESP8266 once the ROM has jumped to it: greets with
 * the SLIP frame "OHAI", answers with two status bytes (error code, then 0), value 0 except for
 * READ_REG. FLASH_DATA / FLASH_DEFL_DATA are acknowledged before they are written, so a write
 * error shows up in the answer to the next data packet or to FLASH_END. Erasing is done just in
 * time, sector by sector, with no ROM erase quirk. Running flashline's stub ({@code readsCompressed}),
 * which polls its UART, a data block is answered after it is written, with its own error.
 */
final class StubLoader {
    enum Exit { RUN_USER_CODE, REBOOT, RUN_STUB }

    static final byte[] GREETING = "OHAI".getBytes(StandardCharsets.US_ASCII);
    /** Largest data block the stub buffers (its FLASH_DATA / FLASH_DEFL_DATA block size). */
    static final int MAX_WRITE_BLOCK = 0x4000;
    private static final int SYNC_ANSWERS = 8;
    private static final int READ_BUFFER = VirtualFlash.SECTOR_SIZE;

    private final DevicePort port;
    private final MemoryBus registers;
    private final FlashChip flash;
    /** The GET_SECURITY_INFO answer the chip's ROM gives the stub, null where the ROM has none. */
    private final byte[] securityInfo;

    private boolean inFlashMode;
    private long nextWrite;
    private long remaining;
    private long nextEraseSector;
    private long eraseEndSector;
    private int lastError;
    private Inflater inflater;
    private boolean memBegun;
    private long memRemaining;

    private final boolean readsCompressed;

    StubLoader(DevicePort port, MemoryBus registers, FlashChip flash) {
        this(port, registers, flash, null, true);
    }

    StubLoader(DevicePort port, MemoryBus registers, FlashChip flash, byte[] securityInfo, boolean readsCompressed) {
        this.port = port;
        this.registers = registers;
        this.flash = flash;
        this.securityInfo = securityInfo == null ? null : securityInfo.clone();
        this.readsCompressed = readsCompressed;
    }

    Exit run() throws IOException {
        port.sendFrame(GREETING);
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

    private Exit handle(Request req) throws IOException {
        int op = req.op();
        byte[] d = req.data();
        if (d.length > MAX_WRITE_BLOCK + 16) {
            port.sendFrame(Request.response(op, 0, new byte[0], new byte[] {(byte) StubErrors.BAD_DATA_LEN, (byte) 0xEE}));
            return null;
        }
        switch (op) {
            case Opcodes.SYNC: {
                int err = lengthIs(d, Opcodes.SYNC_LENGTH);
                int answers = err == StubErrors.OK ? SYNC_ANSWERS : 1;
                for (int i = 0; i < answers; i++) {
                    reply(op, 0, err);
                }
                return null;
            }
            case Opcodes.READ_REG: {
                int err = lengthIs(d, 4);
                reply(op, err == StubErrors.OK ? registers.read(req.word(0)) & 0xFFFFFFFFL : 0, err);
                return null;
            }
            case Opcodes.WRITE_REG: {
                if (d.length % 16 != 0) {
                    reply(op, 0, StubErrors.BAD_DATA_LEN);
                    return null;
                }
                for (int i = 0; i < d.length / 16; i++) {
                    registers.write(req.word(i * 4), (int) req.word(i * 4 + 1), (int) req.word(i * 4 + 2));
                }
                reply(op, 0, StubErrors.OK);
                return null;
            }
            case Opcodes.SPI_SET_PARAMS:
                reply(op, 0, lengthIs(d, 24));
                return null;
            case Opcodes.SPI_ATTACH:
                // today's stub takes one word; older stubs (and ESP32 ROM habits) send two
                reply(op, 0, d.length == 4 || d.length == 8 ? StubErrors.OK : StubErrors.BAD_DATA_LEN);
                return null;
            case Opcodes.CHANGE_BAUDRATE: {
                int err = lengthIs(d, 8);
                reply(op, 0, err);
                if (err == StubErrors.OK && req.word(0) > 0) {
                    port.switchBaud((int) req.word(0));
                }
                return null;
            }
            case Opcodes.FLASH_BEGIN:
            case Opcodes.FLASH_DEFL_BEGIN:
                reply(op, 0, flashBegin(req));
                return null;
            case Opcodes.FLASH_DATA:
            case Opcodes.FLASH_DEFL_DATA:
                flashData(req);
                return null;
            case Opcodes.FLASH_END:
            case Opcodes.FLASH_DEFL_END: {
                int err = inFlashMode ? lastError : StubErrors.NOT_IN_FLASH_MODE;
                inFlashMode = false;
                reply(op, 0, err);
                if (err == StubErrors.OK && d.length >= 4 && req.word(0) == 0) {
                    port.drain();
                    return Exit.REBOOT; // 0 means "reboot now"
                }
                return null;
            }
            case Opcodes.SPI_FLASH_MD5:
                md5(req);
                return null;
            case Opcodes.ERASE_FLASH: {
                int err = lengthIs(d, 0);
                if (err == StubErrors.OK) {
                    flash.eraseAll();
                }
                reply(op, 0, err);
                return null;
            }
            case Opcodes.ERASE_REGION:
                reply(op, 0, d.length != 8 ? StubErrors.BAD_DATA_LEN : eraseRegion(req.word(0), req.word(1)));
                return null;
            case Opcodes.READ_FLASH:
                readFlash(req);
                return null;
            case Opcodes.READ_FLASH_DEFL:
                if (readsCompressed) {
                    new CompressedRead(port, flash).run(req);
                } else {
                    reply(op, 0, StubErrors.INVALID_COMMAND); // esptool's stub: an opcode it does not know
                }
                return null;
            case Opcodes.READ_WRITE_DEFL:
                if (readsCompressed) {
                    new SwapSession(port, flash).run(req);
                } else {
                    reply(op, 0, StubErrors.CMD_NOT_IMPLEMENTED); // esptool's stub: its answer to any opcode it does not know
                }
                return null;
            case Opcodes.MEM_BEGIN: {
                int err = lengthIs(d, 16);
                if (err == StubErrors.OK) {
                    memBegun = true;
                    memRemaining = req.word(0);
                }
                reply(op, 0, err);
                return null;
            }
            case Opcodes.MEM_DATA:
                reply(op, 0, memData(d));
                return null;
            case Opcodes.MEM_END: {
                int err = lengthIs(d, 8);
                if (err == StubErrors.OK) {
                    err = memRemaining > 0 ? StubErrors.NOT_ENOUGH_DATA : StubErrors.OK;
                    memBegun = false;
                    memRemaining = 0;
                }
                reply(op, 0, err);
                if (err == StubErrors.OK && req.word(1) != 0) {
                    port.drain();
                    return Exit.RUN_STUB; // a RAM image started from the stub: taken to be a stub again
                }
                return null;
            }
            case Esp32RomLoader.GET_SECURITY_INFO:
                if (securityInfo == null) {
                    reply(op, 0, StubErrors.CMD_NOT_IMPLEMENTED);
                } else {
                    port.sendFrame(Request.response(op, 0, securityInfo, new byte[] {0, 0}));
                }
                return null;
            case Opcodes.RUN_USER_CODE:
                return Exit.RUN_USER_CODE; // no answer: the stub returns into the ROM's boot path
            default:
                reply(op, 0, StubErrors.CMD_NOT_IMPLEMENTED);
                return null;
        }
    }

    /** Four words, or five: esptool adds the "encrypted" flag for every stub (taken when 0). */
    private int flashBegin(Request req) {
        byte[] d = req.data();
        if ((d.length == 16 || d.length == 20) && req.word(2) > MAX_WRITE_BLOCK) {
            return StubErrors.BAD_BLOCKSIZE;
        }
        if (d.length != 16 && (d.length != 20 || req.word(4) != 0)) {
            return StubErrors.BAD_DATA_LEN;
        }
        long size = req.word(0);
        long offset = req.word(3);
        if (!flash.contains(offset, size)) {
            return StubErrors.BAD_DATA_LEN;
        }
        inFlashMode = true;
        nextWrite = offset;
        remaining = size;
        nextEraseSector = offset / VirtualFlash.SECTOR_SIZE;
        eraseEndSector = (offset + size + VirtualFlash.SECTOR_SIZE - 1) / VirtualFlash.SECTOR_SIZE;
        lastError = StubErrors.OK;
        inflater = req.op() == Opcodes.FLASH_DEFL_BEGIN ? new Inflater() : null;
        return StubErrors.OK;
    }

    private void flashData(Request req) throws IOException {
        int op = req.op();
        byte[] d = req.data();
        int err;
        boolean compressed = op == Opcodes.FLASH_DEFL_DATA;
        if (!inFlashMode || compressed != (inflater != null)) {
            err = StubErrors.NOT_IN_FLASH_MODE;
        } else {
            err = lastError;
            if (d.length < 16 || req.word(0) != d.length - 16) {
                err = StubErrors.BAD_DATA_LEN;
            } else if (Opcodes.checksum(d, 16, d.length - 16) != (req.checksum() & 0xFF)) {
                err = StubErrors.BAD_DATA_CHECKSUM;
            }
        }
        if (err != StubErrors.OK) {
            reply(op, 0, err);
            return;
        }
        if (!readsCompressed) {
            reply(op, 0, err); // esptool's stub buffers the block (UART interrupt) and answers before writing it
        }
        if (compressed) {
            inflateAndWrite(d, 16, d.length - 16);
        } else {
            write(d, 16, d.length - 16);
        }
        if (readsCompressed) {
            // flashline's stub polls its UART: it answers once the block is written, with that block's error
            reply(op, 0, lastError);
        }
    }

    private void inflateAndWrite(byte[] data, int offset, int length) {
        inflater.setInput(data, offset, length);
        byte[] out = new byte[32768];
        try {
            while (remaining > 0 && !inflater.finished()) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    write(out, 0, n);
                } else if (inflater.needsInput() || inflater.needsDictionary()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            lastError = StubErrors.INFLATE_ERROR;
        }
    }

    /** Erases ahead of the write as the stub does, then programs; the final padded block is trimmed. */
    private void write(byte[] data, int offset, int length) {
        if (length > remaining) {
            length = (int) remaining;
        }
        if (length <= 0) {
            return;
        }
        long lastSector = (nextWrite + length + VirtualFlash.SECTOR_SIZE - 1) / VirtualFlash.SECTOR_SIZE;
        while (nextEraseSector < lastSector && nextEraseSector < eraseEndSector) {
            // a whole 64 KB block inside the region goes in one block erase, as the stub does
            boolean block = nextEraseSector % FlashChip.SECTORS_PER_BLOCK == 0
                    && eraseEndSector - nextEraseSector >= FlashChip.SECTORS_PER_BLOCK;
            boolean ok = block ? flash.eraseBlock((int) (nextEraseSector / FlashChip.SECTORS_PER_BLOCK))
                    : flash.eraseSector((int) nextEraseSector);
            if (!ok) {
                lastError = StubErrors.FAILED_SPI_OP;
                return;
            }
            nextEraseSector += block ? FlashChip.SECTORS_PER_BLOCK : 1;
        }
        if (!flash.program(nextWrite, data, offset, length)) {
            lastError = StubErrors.FAILED_SPI_OP;
            return;
        }
        nextWrite += length;
        remaining -= length;
    }

    private int memData(byte[] d) {
        int length = d.length - 16;
        if (!memBegun && length > 0) {
            return StubErrors.NOT_IN_FLASH_MODE;
        }
        if (length < 0 || length % 4 != 0) {
            return StubErrors.BAD_DATA_LEN;
        }
        if (length > memRemaining) {
            return StubErrors.TOO_MUCH_DATA;
        }
        memRemaining -= length;
        return StubErrors.OK;
    }

    private int eraseRegion(long address, long length) {
        if (address % VirtualFlash.SECTOR_SIZE != 0) {
            return StubErrors.ERASE_UNALIGNED_ADDRESS;
        }
        if (length % VirtualFlash.SECTOR_SIZE != 0) {
            return StubErrors.ERASE_UNALIGNED_LENGTH;
        }
        if (!flash.contains(address, length)) {
            return StubErrors.ERASE_FAILED;
        }
        flash.eraseSectors(address / VirtualFlash.SECTOR_SIZE, length / VirtualFlash.SECTOR_SIZE);
        return StubErrors.OK;
    }

    private void md5(Request req) throws IOException {
        int op = Opcodes.SPI_FLASH_MD5;
        int err = lengthIs(req.data(), 16);
        long address = req.word(0);
        long size = req.word(1);
        if (err == StubErrors.OK && !flash.contains(address, size)) {
            err = StubErrors.READ_FAILED;
        }
        byte[] digest = new byte[0];
        if (err == StubErrors.OK) {
            MessageDigest md = md5();
            for (long a = address; a < address + size; a += READ_BUFFER) {
                int n = (int) Math.min(READ_BUFFER, address + size - a);
                md.update(flash.readUncharged(a, n));
                flash.chargeMd5(n);
            }
            digest = md.digest();
        }
        port.sendFrame(Request.response(op, 0, digest, new byte[] {(byte) err, 0}));
    }

    /**
     * Answers, then streams blocks; the host acknowledges each with the running byte total.
     * The in-flight window counts bytes (sent minus acknowledged), as the stub's loop does.
     */
    private void readFlash(Request req) throws IOException {
        int op = Opcodes.READ_FLASH;
        int err = lengthIs(req.data(), 16);
        long address = req.word(0);
        long length = req.word(1);
        long blockSize = req.word(2);
        long maxInFlight = req.word(3);
        if (err == StubErrors.OK && !flash.contains(address, length)) {
            err = StubErrors.BAD_DATA_LEN;
        }
        reply(op, 0, err);
        if (err != StubErrors.OK || blockSize > READ_BUFFER || blockSize == 0) {
            return;
        }
        MessageDigest md = md5();
        long sent = 0;
        long acked = 0;
        while (acked < length && acked <= sent) {
            while (sent < length && sent - acked < maxInFlight) {
                int n = (int) Math.min(blockSize, length - sent);
                byte[] block = flash.read(address + sent, n);
                port.sendFrame(block);
                md.update(block);
                sent += n;
            }
            byte[] ack = port.nextFrame(-1);
            if (ack.length != 4) {
                break;
            }
            acked = Opcodes.u32(ack, 0);
        }
        port.sendFrame(md.digest());
    }

    private void reply(int op, long value, int error) throws IOException {
        port.sendFrame(Request.response(op, value, new byte[0], new byte[] {(byte) error, 0}));
    }

    private static int lengthIs(byte[] data, int expected) {
        return data.length == expected ? StubErrors.OK : StubErrors.BAD_DATA_LEN;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

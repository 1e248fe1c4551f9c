package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.protocol.LoaderErrors;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import dev.flashline.protocol.Response;

/**
 * The commands the ROM loader and a flasher stub have in common. Subclasses add what only one of
 * them can do; the flasher layer asks {@link #isStub()} to choose a path.
 */
public abstract class Loader {
    public static final int ROM_BAUD = 115200;
    /** Block size for MEM_DATA (RAM upload of a stub). */
    public static final int RAM_BLOCK = 0x1800;

    protected final PacketLink link;
    private final int statusLength;

    protected Loader(PacketLink link, int statusLength) {
        this.link = link;
        this.statusLength = statusLength;
    }

    public abstract boolean isStub();

    /** Status bytes at the end of each answer: 4 from an ESP32-family ROM, 2 from the ESP8266 ROM and stubs. */
    public int statusLength() {
        return statusLength;
    }

    /** Largest FLASH_DATA / FLASH_DEFL_DATA block this loader accepts. */
    public abstract int flashBlockSize();

    public PacketLink link() {
        return link;
    }

    public int baud() {
        return link.transport().baudRate();
    }

    /** Sends a command and waits for the answer with the same opcode, skipping stray and stale packets. */
    public Response command(int op, byte[] data, int checksum, long timeoutMillis) {
        link.send(Packets.request(op, data, checksum));
        long wire = Timeouts.wireMillis(data.length + 64L, baud());
        long deadline = System.currentTimeMillis() + timeoutMillis + wire;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            byte[] frame = left > 0 ? link.receive(left) : null;
            if (frame == null) {
                throw new LoaderTimeoutException(
                        "Timed out waiting for the answer to " + Opcode.name(op)
                                + " after " + (timeoutMillis + wire) + " ms",
                        "The device stopped answering: check that it is still powered and connected, then run it again.");
            }
            var response = Response.parse(frame, statusLength);
            if (response.isPresent() && response.get().op() == op) {
                return response.get();
            }
        }
    }

    /**
     * Like {@link #command} but a failure status becomes a {@link CommandFailedException}; a status
     * that no loader sends means the answer was damaged on the line ({@link ErrorCode#LINK_GARBLED}).
     */
    public Response check(int op, byte[] data, int checksum, long timeoutMillis) {
        Response r = command(op, data, checksum, timeoutMillis);
        if (!r.ok() && !LoaderErrors.isKnown(r.errorCode())) {
            throw new FlashlineException(ErrorCode.LINK_GARBLED, String.format(
                    "The answer to %s arrived garbled (status bytes %02X %02X are no loader error code)",
                    Opcode.name(op), r.status(), r.error()),
                    Hint.of("Bytes were damaged on the line: check the cable and the supply, or lower the {}.", Setting.BAUD));
        }
        if (!r.ok()) {
            throw new CommandFailedException(op, r.errorCode(), failureHint(op, r.errorCode()));
        }
        return r;
    }

    protected Hint failureHint(int op, int error) {
        if (LoaderErrors.meansCorruptedData(error)) {
            return Hint.of("The data was corrupted on the line: try again with a lower {}; if it keeps failing,"
                    + " check the cable and the supply.", Setting.BAUD);
        }
        return Hint.text("Try again; if it keeps failing, power-cycle the device into download mode.");
    }

    public int readReg(int address) {
        return check(Opcode.READ_REG, Packets.words(address), 0, Timeouts.DEFAULT_MS).value();
    }

    public void writeReg(int address, int value) {
        writeReg(address, value, 0xFFFFFFFF, 0);
    }

    public void writeReg(int address, int value, int mask, int delayMicros) {
        check(Opcode.WRITE_REG, Packets.words(address, value, mask, delayMicros), 0, Timeouts.DEFAULT_MS);
    }

    /** FLASH_BEGIN with parameters exactly as given (any erase-size correction is the caller's). */
    public void flashBegin(int eraseSize, int blockCount, int blockSize, int offset) {
        check(Opcode.FLASH_BEGIN, Packets.words(eraseSize, blockCount, blockSize, offset), 0,
                Timeouts.erase(eraseSize));
    }

    /** One FLASH_DATA block; the caller pads the last block to the block size with 0xFF. */
    public void flashData(byte[] block, int sequence) {
        check(Opcode.FLASH_DATA, Packets.dataBlock(block, 0, block.length, sequence),
                Packets.checksum(block, 0, block.length), Timeouts.write(block.length));
    }

    public void memBegin(int size, int blockCount, int blockSize, int address) {
        check(Opcode.MEM_BEGIN, Packets.words(size, blockCount, blockSize, address), 0, Timeouts.DEFAULT_MS);
    }

    public void memData(byte[] data, int offset, int length, int sequence) {
        check(Opcode.MEM_DATA, Packets.dataBlock(data, offset, length, sequence),
                Packets.checksum(data, offset, length), Timeouts.DEFAULT_MS);
    }

    /** Tells the SPI flash driver the chip's geometry (size; 64 KB blocks, 4 KB sectors, 256-byte pages). */
    public void spiSetParams(int totalSize) {
        check(Opcode.SPI_SET_PARAMS, Packets.words(0, totalSize, 0x10000, 0x1000, 0x100, 0xFFFF), 0,
                Timeouts.DEFAULT_MS);
    }

    /** Leaves the loader and starts the firmware in flash, on the same link. */
    public abstract void runUserCode();
}

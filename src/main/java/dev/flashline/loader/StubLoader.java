package dev.flashline.loader;

import dev.flashline.digest.Digests;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * A session with a flasher stub running in the chip's RAM (esptool's stub protocol): compressed
 * writes, MD5, reading flash, erasing, baud changes.
 */
public final class StubLoader extends Loader {
    public static final int FLASH_BLOCK = 0x4000;
    /** Block size of a READ_FLASH stream: every block but the last has exactly this size. */
    public static final int READ_BLOCK = 0x1000;
    private static final int READ_IN_FLIGHT = 64;
    private boolean compressedReadUnsupported;

    public StubLoader(PacketLink link) {
        super(link, 2);
    }

    @Override
    public boolean isStub() {
        return true;
    }

    @Override
    public int flashBlockSize() {
        return FLASH_BLOCK;
    }

    public void flashDeflBegin(int uncompressedSize, int blockCount, int blockSize, int offset) {
        check(Opcode.FLASH_DEFL_BEGIN, Packets.words(uncompressedSize, blockCount, blockSize, offset), 0,
                Timeouts.erase(uncompressedSize));
    }

    /** One block of the zlib stream; the timeout covers the flash it may inflate to. */
    public void flashDeflData(byte[] block, int length, int sequence, long inflatesTo) {
        check(Opcode.FLASH_DEFL_DATA, Packets.dataBlock(block, 0, length, sequence),
                Packets.checksum(block, 0, length), Timeouts.write(inflatesTo));
    }

    /** Ends a compressed download and stays in the stub. */
    public void flashDeflEnd() {
        check(Opcode.FLASH_DEFL_END, Packets.words(1), 0, Timeouts.DEFAULT_MS);
    }

    /** Ends an uncompressed download and stays in the stub. */
    public void flashEnd() {
        check(Opcode.FLASH_END, Packets.words(1), 0, Timeouts.DEFAULT_MS);
    }

    /** MD5 of a flash region, computed on the device. */
    public byte[] md5(int address, int size) {
        byte[] answer = check(Opcode.SPI_FLASH_MD5, Packets.words(address, size, 0, 0), 0, Timeouts.md5(size))
                .payload();
        if (answer.length == 16) {
            return answer;
        }
        if (answer.length == 32) { // ROM-style hex digest
            return HexFormat.of().parseHex(new String(answer, java.nio.charset.StandardCharsets.US_ASCII));
        }
        throw new FlashlineException(ErrorCode.STUB_PROTOCOL,
                "SPI_FLASH_MD5 answered " + answer.length + " bytes instead of a digest",
                Hint.of("The stub in use does not follow the protocol; try the bundled stub (drop {}).", Setting.STUB));
    }

    public void eraseFlash() {
        check(Opcode.ERASE_FLASH, new byte[0], 0, Timeouts.CHIP_ERASE_MS);
    }

    public void eraseRegion(int address, int size) {
        check(Opcode.ERASE_REGION, Packets.words(address, size), 0, Timeouts.erase(size));
    }

    /** Switches both ends of the link to a new baud rate. */
    public void changeBaud(int newBaud) {
        int current = baud();
        check(Opcode.CHANGE_BAUDRATE, Packets.words(newBaud, current), 0, Timeouts.DEFAULT_MS);
        try {
            link.transport().setBaudRate(newBaud);
            Thread.sleep(50); // let the UART settle on the new rate before talking again
        } catch (IOException e) {
            throw Links.failure(e, link.transport().description());
        } catch (InterruptedException e) {
            throw Links.interrupted(e, "while changing the baud rate");
        }
        link.flushInput();
    }

    @Override
    public void runUserCode() {
        link.send(Packets.request(Opcode.RUN_USER_CODE, new byte[0], 0)); // the stub does not answer
    }

    /**
     * Reads flash through READ_FLASH_DEFL when the stub has it (flashline's own stub): the data
     * comes deflated, is inflated here and checked against the stub's MD5 of the uncompressed
     * bytes. Returns the compressed bytes received, or -1 when the stub does not know the command
     * (esptool's stub, any other): nothing was read and {@link #readFlash} is the way.
     */
    public long readFlashCompressed(int offset, int length, OutputStream out, LongConsumer progress) {
        if (compressedReadUnsupported || offset % 4 != 0) {
            return -1;
        }
        long received = new CompressedFlashRead(this).read(offset, length, out, progress);
        compressedReadUnsupported = received < 0;
        return received;
    }

    /**
     * READ_FLASH: the stub streams blocks; each is acknowledged with the running byte count; the
     * stream ends with the MD5 of all data, which is checked here.
     */
    public void readFlash(int offset, int length, OutputStream out, LongConsumer progress) {
        check(Opcode.READ_FLASH, Packets.words(offset, length, READ_BLOCK, READ_IN_FLIGHT), 0, Timeouts.DEFAULT_MS);
        MessageDigest md5 = Digests.md5();
        long blockWait = Timeouts.DEFAULT_MS + Timeouts.wireMillis((long) READ_BLOCK * 2, baud());
        int received = 0;
        while (received < length) {
            byte[] block = link.receive(blockWait);
            if (block == null) {
                throw new LoaderTimeoutException(String.format(
                        "Reading flash stopped at 0x%X (%d of %d bytes received)", offset + received, received, length),
                        "Check the cable and power, then read again.");
            }
            int due = Math.min(READ_BLOCK, length - received);
            if (block.length != due) { // a lost, doubled or inserted byte, or a frame split by noise
                throw new FlashlineException(ErrorCode.LINK_GARBLED, String.format(
                        "A %d-byte frame arrived where the %d-byte block at 0x%X was due", block.length, due, offset + received),
                        Hint.of("Bytes were damaged on the line: check the cable, or lower the {}.", Setting.BAUD));
            }
            FlashReadOutput.write(out, block);
            md5.update(block);
            received += block.length;
            link.send(Packets.words(received));
            progress.accept(received);
        }
        byte[] digest = link.receive(Timeouts.DEFAULT_MS);
        if (digest == null) {
            throw new LoaderTimeoutException("The stub did not send the MD5 that ends a flash read",
                    "Read again; if it repeats, power-cycle the device.");
        }
        if (digest.length != 16) {
            throw new FlashlineException(ErrorCode.LINK_GARBLED, "A " + digest.length
                    + "-byte frame arrived where the MD5 that ends a flash read was due",
                    Hint.of("Bytes were damaged on the line: check the cable, or lower the {}.", Setting.BAUD));
        }
        if (!MessageDigest.isEqual(digest, md5.digest())) {
            throw new FlashlineException(ErrorCode.READ_CORRUPTED, "Data read from flash does not match the MD5 the device computed",
                    Hint.of("Bytes were corrupted on the line: read again, with a lower {}.", Setting.BAUD));
        }
    }

}

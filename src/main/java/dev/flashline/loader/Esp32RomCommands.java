package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.protocol.Esp32Opcodes;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * What the ESP32-family ROM loaders can do beyond the ESP8266 ROM (Espressif's serial protocol
 * documentation): SPI_ATTACH (two words) before any flash command, compressed writes, MD5 of a
 * flash region (answered as 32 hex characters), CHANGE_BAUDRATE (new rate, 0), READ_FLASH_SLOW
 * (64 bytes an answer). The ESP32-C3 ROM wants FLASH_BEGIN's fifth word (the encrypted flag).
 */
public final class Esp32RomCommands {
    public static final int FLASH_BLOCK = 0x400;
    public static final int SLOW_READ_BLOCK = 64;

    private final Loader rom;
    private final int beginWords;

    /** @param beginWords 4 (ESP32) or 5 (ESP32-C3 and later ROMs) */
    public Esp32RomCommands(Loader rom, int beginWords) {
        this.rom = rom;
        this.beginWords = beginWords;
    }

    public Loader loader() {
        return rom;
    }

    /** Attaches the SPI flash with the default pins: two words to a ROM, one to a stub. */
    public static void spiAttach(Loader loader) {
        byte[] data = loader.isStub() ? Packets.words(0) : Packets.words(0, 0);
        loader.check(Opcode.SPI_ATTACH, data, 0, Timeouts.DEFAULT_MS);
    }

    private byte[] beginWords(int size, int blocks, int blockSize, int offset) {
        return beginWords == 5 ? Packets.words(size, blocks, blockSize, offset, 0)
                : Packets.words(size, blocks, blockSize, offset);
    }

    /** Plain FLASH_BEGIN; the ESP32-family ROM erases exactly the sectors covering {@code eraseSize}. */
    public void flashBegin(int eraseSize, int blockCount, int blockSize, int offset) {
        rom.check(Opcode.FLASH_BEGIN, beginWords(eraseSize, blockCount, blockSize, offset), 0, Timeouts.erase(eraseSize));
    }

    public void flashDeflBegin(int uncompressedSize, int blockCount, int blockSize, int offset) {
        rom.check(Opcode.FLASH_DEFL_BEGIN, beginWords(uncompressedSize, blockCount, blockSize, offset), 0,
                Timeouts.erase(uncompressedSize));
    }

    /** One block of the zlib stream; the ROM inflates and programs it before answering. */
    public void flashDeflData(byte[] block, int length, int sequence, long inflatesTo) {
        rom.check(Opcode.FLASH_DEFL_DATA, Packets.dataBlock(block, 0, length, sequence),
                Packets.checksum(block, 0, length), Timeouts.write(inflatesTo));
    }

    /** MD5 of a flash region computed by the ROM. */
    public byte[] md5(int address, int size) {
        byte[] answer = rom.check(Opcode.SPI_FLASH_MD5, Packets.words(address, size, 0, 0), 0, Timeouts.md5(size))
                .payload();
        if (answer.length == 32) {
            return HexFormat.of().parseHex(new String(answer, StandardCharsets.US_ASCII));
        }
        if (answer.length == 16) {
            return answer;
        }
        throw new FlashlineException(ErrorCode.DEVICE_FAILED,
                "SPI_FLASH_MD5 answered " + answer.length + " bytes instead of a digest",
                Hint.text("Power-cycle the device into download mode and try again."));
    }

    /** Switches both ends to {@code newBaud}: the ROM takes (new rate, 0) and answers at the old rate. */
    public void changeBaud(int newBaud) {
        rom.check(Opcode.CHANGE_BAUDRATE, Packets.words(newBaud, 0), 0, Timeouts.DEFAULT_MS);
        try {
            rom.link().transport().setBaudRate(newBaud);
            Thread.sleep(50); // let the UARTs settle before talking again
        } catch (IOException e) {
            throw Links.failure(e, rom.link().transport().description());
        } catch (InterruptedException e) {
            throw Links.interrupted(e, "while changing the baud rate");
        }
        rom.link().flushInput();
    }

    /**
     * Reads flash 64 bytes a request (READ_FLASH_SLOW), then has the ROM hash the same region and
     * compares: the answers carry no checksum of their own, so the MD5 is what proves the copy.
     */
    public void readSlow(int offset, int length, OutputStream out, LongConsumer progress) {
        java.security.MessageDigest md5 = dev.flashline.digest.Digests.md5();
        int done = 0;
        while (done < length) {
            int n = Math.min(SLOW_READ_BLOCK, length - done);
            byte[] answer = rom.check(Esp32Opcodes.READ_FLASH_SLOW, Packets.words(offset + done, n), 0,
                    Timeouts.DEFAULT_MS).payload();
            if (answer.length < n) {
                throw new FlashlineException(ErrorCode.READ_CORRUPTED, String.format(
                        "READ_FLASH_SLOW at 0x%X answered %d bytes instead of %d", offset + done, answer.length, n),
                        Hint.of("Bytes were lost on the line: read again, with a lower {}.", Setting.BAUD));
            }
            byte[] block = Arrays.copyOf(answer, n);
            FlashReadOutput.write(out, block);
            md5.update(block);
            done += n;
            progress.accept(done);
        }
        if (!java.security.MessageDigest.isEqual(md5(offset, length), md5.digest())) {
            throw new FlashlineException(ErrorCode.READ_CORRUPTED, "Data read from flash does not match the MD5 the ROM computed",
                    Hint.of("Bytes were corrupted on the line: read again, with a lower {}.", Setting.BAUD));
        }
    }
}

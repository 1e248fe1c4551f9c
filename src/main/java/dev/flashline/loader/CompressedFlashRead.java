package dev.flashline.loader;

import dev.flashline.errors.Setting;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.Hint;
import dev.flashline.digest.Digests;
import dev.flashline.errors.FlashlineException;
import dev.flashline.protocol.LoaderErrors;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import dev.flashline.protocol.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.function.LongConsumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The host side of READ_FLASH_DEFL (0xE0), flashline's stub's compressed read. Request: offset
 * (word-aligned), length, frame size (≤ 4096), frames in flight. After the answer the stub sends
 * one raw DEFLATE stream in frames; each frame is acknowledged with the u32 total of compressed
 * bytes received so far; once the host has acknowledged everything, a 16-byte frame carries the
 * MD5 of the uncompressed range, checked here.
 */
final class CompressedFlashRead {
    static final int FRAME = 0x1000;
    static final int IN_FLIGHT = 64;

    private final StubLoader stub;

    CompressedFlashRead(StubLoader stub) {
        this.stub = stub;
    }

    /** @return compressed bytes received, or -1 when the stub does not have the command */
    long read(int offset, int length, OutputStream out, LongConsumer progress) {
        Response r = stub.command(Opcode.READ_FLASH_DEFL, Packets.words(offset, length, FRAME, IN_FLIGHT), 0,
                Timeouts.DEFAULT_MS);
        if (!r.ok()) {
            int code = r.errorCode();
            // what stubs without the command (esptool's) and a ROM answer to an unknown opcode
            if (code == LoaderErrors.STUB_INVALID_COMMAND || code == LoaderErrors.STUB_NOT_IMPLEMENTED
                    || code == LoaderErrors.ROM_INVALID_MESSAGE) {
                return -1;
            }
            throw new CommandFailedException(Opcode.READ_FLASH_DEFL, code,
                    Hint.text("Check that the region lies inside the flash, then read again."));
        }
        MessageDigest md5 = Digests.md5();
        Inflater inflater = new Inflater(true);
        byte[] buf = new byte[64 * 1024];
        long frameWait = Timeouts.DEFAULT_MS + Timeouts.wireMillis(FRAME * 2L, stub.baud());
        long compressed = 0;
        long produced = 0;
        try {
            while (!inflater.finished()) {
                byte[] frame = stub.link().receive(frameWait);
                if (frame == null) {
                    throw new LoaderTimeoutException(String.format(
                            "Compressed flash read stopped at 0x%X (%d of %d bytes received)", offset + produced,
                            produced, length), "Check the cable and power, then read again.");
                }
                if (frame.length == 0 || frame.length > FRAME) {
                    throw corrupted("a " + frame.length + "-byte frame");
                }
                compressed += frame.length;
                stub.link().send(Packets.words((int) compressed));
                inflater.setInput(frame);
                while (!inflater.needsInput() && !inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (produced + n > length) {
                        throw corrupted("more than the " + length + " bytes asked for");
                    }
                    out.write(buf, 0, n);
                    md5.update(buf, 0, n);
                    produced += n;
                    progress.accept(produced);
                }
            }
            if (produced != length || inflater.getRemaining() != 0) {
                throw corrupted(produced + " bytes instead of " + length);
            }
            byte[] digest = stub.link().receive(Timeouts.DEFAULT_MS);
            if (digest == null) {
                throw new LoaderTimeoutException("The stub did not send the MD5 that ends a flash read",
                        "Read again; if it repeats, power-cycle the device.");
            }
            if (digest.length != 16 || !MessageDigest.isEqual(digest, md5.digest())) {
                throw new FlashlineException(ErrorCode.READ_CORRUPTED, "Data read from flash does not match the MD5 the device computed",
                        Hint.of("Bytes were corrupted on the line: read again, with a lower {}.", Setting.BAUD));
            }
            return compressed;
        } catch (DataFormatException e) {
            throw corrupted("an invalid DEFLATE stream (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw Links.failure(e, stub.link().transport().description());
        } finally {
            inflater.end();
        }
    }

    private static FlashlineException corrupted(String what) {
        return new FlashlineException(ErrorCode.READ_CORRUPTED, "The compressed flash read delivered " + what,
                Hint.of("Bytes were corrupted on the line: read again, with a lower {}.", Setting.BAUD));
    }
}

package dev.flashline.flasher;

import dev.flashline.digest.Digests;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.loader.Loader;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.StubLoader;
import dev.flashline.chip.Esp8266Chip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.Deflater;

/** The flash operations users run: write (then verify), read, verify, erase. */
public final class Flasher {
    private final FlashSession session;
    private final Progress progress;

    public Flasher(FlashSession session, Progress progress) {
        this.session = session;
        this.progress = progress;
    }

    /** Writes prepared bytes (see {@link ImagePreparation}) and verifies them by MD5 when asked. */
    public WriteResult write(byte[] data, int offset, WriteOptions options) {
        if (session.esp32Rom() != null) {
            return new Esp32RomFlashing(session, progress).write(data, offset, options);
        }
        long start = System.nanoTime();
        Loader loader = session.loader();
        long wireBefore = loader.link().bytesSent();
        if (options.eraseAll()) {
            eraseAll();
        }
        long sent;
        if (loader instanceof StubLoader stub && options.compress()) {
            sent = writeCompressed(stub, data, offset);
        } else {
            sent = writePlain(loader, data, offset);
        }
        String md5 = hex(md5(data));
        boolean verified = false;
        String skipped = null;
        if (!options.verify()) {
            skipped = "verification was turned off";
        } else if (loader instanceof StubLoader stub) {
            progress.update("verify", 0, data.length);
            String onDevice = hex(stub.md5(offset, data.length));
            progress.update("verify", data.length, data.length);
            if (!onDevice.equals(md5)) {
                throw new FlashlineException(ErrorCode.VERIFY_MISMATCH, String.format(
                        "Verify failed: flash at 0x%X holds MD5 %s, the image has %s", offset, onDevice, md5),
                        "Write again. If it fails again at the same place, the flash chip may be worn or the supply too weak.");
            }
            verified = true;
        } else {
            skipped = "the ROM loader cannot compute an MD5 (a flasher stub is needed)";
        }
        return new WriteResult(offset, data.length, sent, loader.link().bytesSent() - wireBefore, verified, skipped, md5,
                (System.nanoTime() - start) / 1e9);
    }

    /** Compressed write through the stub: zlib stream cut in 16 KB blocks, inflated on the device. */
    private long writeCompressed(StubLoader stub, byte[] data, int offset) {
        byte[] compressed = deflate(data);
        int block = stub.flashBlockSize();
        int blocks = (compressed.length + block - 1) / block;
        stub.flashDeflBegin(data.length, blocks, block, offset);
        // Each block may inflate to much more flash than its size: give it time for the whole image's ratio.
        long inflatesTo = (long) Math.ceil((double) data.length / Math.max(1, blocks));
        byte[] buffer = new byte[block];
        for (int seq = 0; seq < blocks; seq++) {
            int from = seq * block;
            int length = Math.min(block, compressed.length - from);
            System.arraycopy(compressed, from, buffer, 0, length);
            stub.flashDeflData(buffer, length, seq, inflatesTo);
            progress.update("write", Math.min((long) (seq + 1) * data.length / blocks, data.length), data.length);
        }
        stub.flashDeflEnd();
        return compressed.length;
    }

    /** Uncompressed write: ROM (0x400 blocks, erase size compensated for the ROM bug) or stub (16 KB blocks). */
    private long writePlain(Loader loader, byte[] data, int offset) {
        int block = loader.flashBlockSize();
        int blocks = (data.length + block - 1) / block;
        int eraseSize = loader.isStub() ? data.length : Esp8266Chip.romEraseSize(offset, data.length);
        progress.update("erase", 0, data.length);
        loader.flashBegin(eraseSize, blocks, block, offset);
        for (int seq = 0; seq < blocks; seq++) {
            int from = seq * block;
            byte[] chunk = Arrays.copyOfRange(data, from, from + block); // pads the tail with zeros...
            Arrays.fill(chunk, Math.min(block, data.length - from), block, (byte) 0xFF); // ...made 0xFF: erased state
            loader.flashData(chunk, seq);
            progress.update("write", Math.min((long) (seq + 1) * block, data.length), data.length);
        }
        if (loader instanceof StubLoader stub) {
            stub.flashEnd();
        }
        return (long) blocks * block;
    }

    /** Reads a region, checking the stub's MD5 of what it sent; returns sha256 and time. */
    public ReadResult read(int offset, int size, OutputStream out) {
        int flash = session.chip().flashSizeBytes();
        if (offset < 0 || size <= 0 || (long) offset + size > flash) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, String.format("Region 0x%X+%d is outside the %s flash", offset, size,
                    session.chip().flashSize()), Hint.of("Read the whole chip ({} all), or a region inside it.", Setting.SIZE));
        }
        if (session.esp32Rom() != null) {
            return new Esp32RomFlashing(session, progress).read(offset, size, out);
        }
        StubLoader stub = session.requireStub("Reading flash");
        long start = System.nanoTime();
        MessageDigest sha = Digests.sha256();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sha.update(b, off, len);
                out.write(b, off, len);
            }
        };
        // flashline's stub sends flash deflated (a stock Sonoff is mostly empty or code); any other stub: plain
        long transferred = stub.readFlashCompressed(offset, size, tee, done -> progress.update("read", done, size));
        if (transferred < 0) {
            stub.readFlash(offset, size, tee, done -> progress.update("read", done, size));
            transferred = size;
        }
        return new ReadResult(offset, size, hex(sha.digest()), (System.nanoTime() - start) / 1e9, transferred);
    }

    /** True when flash at {@code offset} holds exactly {@code data}. */
    public boolean matches(byte[] data, int offset) {
        if (session.esp32Rom() != null) {
            return new Esp32RomFlashing(session, progress).matches(data, offset);
        }
        StubLoader stub = session.requireStub("Verifying flash");
        if ((long) offset + data.length > session.chip().flashSizeBytes()) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, "The file does not fit the flash at that offset",
                    Hint.of("Check the {} and the file.", Setting.OFFSET));
        }
        return MessageDigest.isEqual(stub.md5(offset, data.length), md5(data));
    }

    /** Erases the whole chip: ERASE_FLASH through the stub, or one compensated FLASH_BEGIN through the ROM. */
    public void eraseAll() {
        if (session.esp32Rom() != null) {
            new Esp32RomFlashing(session, progress).eraseAll();
            return;
        }
        int size = session.chip().flashSizeBytes();
        progress.update("erase", 0, size);
        Loader loader = session.loader();
        if (loader instanceof StubLoader stub) {
            stub.eraseFlash();
        } else if (loader instanceof RomLoader rom) {
            rom.flashBegin(Esp8266Chip.romEraseSize(0, size), 0, RomLoader.FLASH_BLOCK, 0);
        }
        progress.update("erase", size, size);
    }

    /** Erases sector-aligned regions through the stub's ERASE_REGION (see {@link ErasePlan}). */
    public void eraseRegions(java.util.List<ErasePlan.Region> regions) {
        StubLoader stub = session.requireStub("Erasing a region");
        long total = ErasePlan.bytes(regions);
        long done = 0;
        progress.update("erase", 0, total);
        for (ErasePlan.Region r : regions) {
            stub.eraseRegion(r.offset(), r.size());
            done += r.size();
            progress.update("erase", done, total);
        }
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buf = new byte[65536];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    static byte[] md5(byte[] data) {
        return Digests.md5().digest(data);
    }


    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

package dev.flashline.flasher;

import dev.flashline.digest.Digests;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.loader.FlashReadOutput;
import dev.flashline.loader.Loader;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.StubLoader;
import dev.flashline.chip.Esp8266Chip;
import java.io.ByteArrayOutputStream;
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

    /**
     * Writes prepared bytes (see {@link ImagePreparation}) and verifies them by MD5 when asked.
     * Through a stub the write recovers from line faults (see {@link ResumableWrite}); the ROM
     * loader has no MD5 to check what landed, so its writes are not resumed.
     */
    public WriteResult write(byte[] data, int offset, WriteOptions options) {
        if (session.esp32Rom() != null) {
            return new Esp32RomFlashing(session, progress).write(data, offset, options);
        }
        long start = System.nanoTime();
        long wireBefore = session.loader().link().bytesSent();
        long wireEarlier = 0;
        if (options.eraseAll()) {
            eraseAll();
        }
        String md5 = hex(md5(data));
        long sent;
        boolean verified = false;
        String skipped = null;
        if (session.loader() instanceof StubLoader) {
            Loader before = session.loader();
            Recovery recovery = new Recovery(session, "write"); // one allowance for the whole write
            StreamedWrite streamed = new StreamedWrite(session, progress, recovery);
            StreamedWrite.Outcome outcome = options.compress() ? streamed.write(data, offset, options.verify())
                    : StreamedWrite.Outcome.UNSUPPORTED;
            ResumableWrite write = new ResumableWrite(session, progress, options.compress(), recovery);
            verified = switch (outcome) {
                case VERIFIED -> true;
                case WRITTEN -> false;
                case NEEDS_REPAIR -> write.repair(data, offset);
                case UNSUPPORTED -> write.write(data, offset, options.verify());
            };
            sent = streamed.sent() + write.sent();
            if (session.loader() != before) { // reconnected: count the first link's bytes too
                wireEarlier = before.link().bytesSent() - wireBefore;
                wireBefore = 0;
            }
            if (!options.verify() && !verified) {
                skipped = "verification was turned off";
            }
        } else {
            sent = writePlain(session.loader(), data, offset);
            skipped = options.verify() ? "the ROM loader cannot compute an MD5 (a flasher stub is needed)"
                    : "verification was turned off";
        }
        return new WriteResult(offset, data.length, sent, wireEarlier + session.loader().link().bytesSent() - wireBefore,
                verified, skipped, md5, (System.nanoTime() - start) / 1e9);
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
        return read(offset, size, out, KnownContent.NONE);
    }

    /**
     * Reads a region as {@link #read(int, int, OutputStream)} does, taking the 64 KB chunks the host
     * already holds ({@code known}, looked up by the device's MD5 of each) instead of reading them.
     */
    public ReadResult read(int offset, int size, OutputStream out, KnownContent known) {
        return read(offset, size, out, known, java.util.Map.of());
    }

    /** As {@link #read(int, int, OutputStream, KnownContent)}, with the device's MD5 of some 64 KB blocks already asked. */
    ReadResult read(int offset, int size, OutputStream out, KnownContent known, java.util.Map<Integer, byte[]> askedMd5) {
        int flash = session.chip().flashSizeBytes();
        if (offset < 0 || size <= 0 || (long) offset + size > flash) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, String.format("Region 0x%X+%d is outside the %s flash", offset, size,
                    session.chip().flashSize()), Hint.of("Read the whole chip ({} all), or a region inside it.", Setting.SIZE));
        }
        if (session.esp32Rom() != null) {
            return new Esp32RomFlashing(session, progress).read(offset, size, out, known);
        }
        session.requireStub("Reading flash");
        long start = System.nanoTime();
        ResumableRead.Result r = new ResumableRead(session, progress).withAskedMd5(askedMd5).read(offset, size, known);
        FlashReadOutput.write(out, r.bytes());
        return new ReadResult(offset, size, hex(Digests.sha256().digest(r.bytes())), (System.nanoTime() - start) / 1e9,
                r.transferred());
    }

    /** True when flash at {@code offset} holds exactly {@code data}. */
    public boolean matches(byte[] data, int offset) {
        if (session.esp32Rom() != null) {
            return new Esp32RomFlashing(session, progress).matches(data, offset);
        }
        session.requireStub("Verifying flash");
        if ((long) offset + data.length > session.chip().flashSizeBytes()) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, "The file does not fit the flash at that offset",
                    Hint.of("Check the {} and the file.", Setting.OFFSET));
        }
        return new DeviceDigest(session, new Recovery(session, "verify")).matches(offset, data.length, md5(data));
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
        if (loader instanceof StubLoader) {
            new Recovery(session, "erase").retrying("erasing the chip", () -> {
                session.requireStub("Erasing").eraseFlash(); // erasing twice is harmless
                return null;
            });
        } else if (loader instanceof RomLoader rom) {
            rom.flashBegin(Esp8266Chip.romEraseSize(0, size), 0, RomLoader.FLASH_BLOCK, 0);
        }
        progress.update("erase", size, size);
    }

    /**
     * Erases sector-aligned regions (see {@link ErasePlan}): the stub's ERASE_REGION, or on an
     * ESP32-family ROM one erasing FLASH_BEGIN per region.
     */
    public void eraseRegions(java.util.List<ErasePlan.Region> regions) {
        if (session.esp32Rom() != null) {
            new Esp32RomFlashing(session, progress).eraseRegions(regions);
            return;
        }
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

    static byte[] md5(byte[] data, int from, int length) {
        java.security.MessageDigest md = Digests.md5();
        md.update(data, from, length);
        return md.digest();
    }


    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

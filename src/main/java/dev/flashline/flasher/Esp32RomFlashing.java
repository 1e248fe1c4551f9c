package dev.flashline.flasher;

import dev.flashline.digest.Digests;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.loader.FlashReadOutput;
import dev.flashline.loader.Esp32RomCommands;
import dev.flashline.loader.Loader;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The flash operations through an ESP32-family ROM loader (no stub): compressed writes in 1 KB
 * blocks inflated by the ROM, verify by the ROM's MD5, whole-chip erase by one FLASH_BEGIN, reads
 * through READ_FLASH_SLOW (64 bytes a round trip) checked against the ROM's MD5 of the region.
 * FLASH_END / FLASH_DEFL_END are never sent: they make the ROM leave the loader.
 */
final class Esp32RomFlashing {
    /** Bytes a READ_FLASH_SLOW round trip puts on the line: request (16 + framing) and answer (76 + framing). */
    static final int SLOW_READ_WIRE_BYTES = 96;
    /** Turnaround per round trip of a USB serial adapter (latency timer at 1 ms) and the ROM. */
    static final double SLOW_READ_TURNAROUND_S = 0.001;
    /** Chunks a backup asks the ROM's MD5 of before reading them. */
    private static final int CHUNK = KnownContent.BLOCK;
    private static final byte[] BLANK_CHUNK_MD5 = Flasher.md5(blank(CHUNK));

    private final FlashSession session;
    private final Esp32RomCommands rom;
    private final Progress progress;

    Esp32RomFlashing(FlashSession session, Progress progress) {
        this.session = session;
        this.rom = session.esp32Rom();
        this.progress = progress;
    }

    WriteResult write(byte[] data, int offset, WriteOptions options) {
        long start = System.nanoTime();
        Loader loader = rom.loader();
        long wireBefore = loader.link().bytesSent();
        if (options.eraseAll()) {
            eraseAll();
        }
        int block = Esp32RomCommands.FLASH_BLOCK;
        long sent;
        progress.update("erase", 0, data.length);
        if (options.compress()) {
            byte[] compressed = Flasher.deflate(data);
            int blocks = (compressed.length + block - 1) / block;
            // the ROM takes the erase size rounded up to whole blocks
            rom.flashDeflBegin(roundUp(data.length, block), blocks, block, offset);
            long inflatesTo = (long) Math.ceil((double) data.length / Math.max(1, blocks));
            byte[] buffer = new byte[block];
            for (int seq = 0; seq < blocks; seq++) {
                int from = seq * block;
                int length = Math.min(block, compressed.length - from);
                System.arraycopy(compressed, from, buffer, 0, length);
                rom.flashDeflData(buffer, length, seq, inflatesTo);
                progress.update("write", Math.min((long) (seq + 1) * data.length / blocks, data.length), data.length);
            }
            sent = compressed.length;
        } else {
            int blocks = (data.length + block - 1) / block;
            rom.flashBegin(roundUp(data.length, block), blocks, block, offset);
            for (int seq = 0; seq < blocks; seq++) {
                int from = seq * block;
                byte[] chunk = Arrays.copyOfRange(data, from, from + block);
                Arrays.fill(chunk, Math.min(block, data.length - from), block, (byte) 0xFF);
                loader.flashData(chunk, seq);
                progress.update("write", Math.min((long) (seq + 1) * block, data.length), data.length);
            }
            sent = (long) blocks * block;
        }
        String md5 = Flasher.hex(Flasher.md5(data));
        boolean verified = false;
        String skipped = null;
        if (options.verify()) {
            progress.update("verify", 0, data.length);
            String onDevice = Flasher.hex(rom.md5(offset, data.length));
            progress.update("verify", data.length, data.length);
            if (!onDevice.equals(md5)) {
                throw new FlashlineException(ErrorCode.VERIFY_MISMATCH, String.format(
                        "Verify failed: flash at 0x%X holds MD5 %s, the image has %s", offset, onDevice, md5),
                        "Write again. If it fails again at the same place, the flash chip may be worn or the supply too weak.");
            }
            verified = true;
        } else {
            skipped = "verification was turned off";
        }
        return new WriteResult(offset, data.length, sent, loader.link().bytesSent() - wireBefore, verified, skipped, md5,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Reads through READ_FLASH_SLOW only the 64 KB chunks the host does not already have: the ROM's
     * MD5 of each chunk (milliseconds, against seconds for 64 KB in 64-byte pieces) names blank
     * chunks and those {@code known} holds; the assembled range is then checked against the ROM's
     * MD5 of the whole of it.
     */
    ReadResult read(int offset, int size, OutputStream out, KnownContent known) {
        int baud = rom.loader().baud();
        long start = System.nanoTime();
        byte[] buffer = new byte[size];
        boolean[] have = new boolean[(size + CHUNK - 1) / CHUNK + 1];
        long missing = 0;
        int index = 0;
        for (int from = 0; from < size; index++) {
            int length = Math.min(CHUNK - (offset + from) % CHUNK, size - from);
            byte[] md5 = rom.md5(offset + from, length);
            byte[] bytes = MessageDigest.isEqual(md5, blankMd5(length)) ? blank(length) : known.find(md5, length);
            if (bytes != null && bytes.length == length) {
                System.arraycopy(bytes, 0, buffer, from, length);
                have[index] = true;
            } else {
                missing += length;
            }
            from += length;
        }
        session.log(String.format("Reading %d of %d bytes through the ROM loader's READ_FLASH_SLOW (64 bytes a request, no"
                + " stub for the %s; the rest is blank or already held): about %s at %d baud.", missing, size,
                session.chip().chip(), duration(estimateSeconds(missing, baud)), baud));
        long[] done = {size - missing};
        index = 0;
        for (int from = 0; from < size; index++) {
            int length = Math.min(CHUNK - (offset + from) % CHUNK, size - from);
            if (!have[index]) {
                int at = from;
                long before = done[0];
                rom.readSlow(offset + at, length, new ArrayOut(buffer, at), n -> progress.update("read", before + n, size));
                done[0] += length;
            }
            from += length;
        }
        if (!MessageDigest.isEqual(rom.md5(offset, size), Flasher.md5(buffer))) {
            throw new FlashlineException(ErrorCode.READ_CORRUPTED, "The flash read does not match the MD5 the ROM computed of the"
                    + " whole range", Hint.text("Read again; if it repeats, power-cycle the device."));
        }
        FlashReadOutput.write(out, buffer);
        progress.update("read", size, size);
        return new ReadResult(offset, size, Flasher.hex(Digests.sha256().digest(buffer)), (System.nanoTime() - start) / 1e9,
                missing);
    }

    private static byte[] blank(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 0xFF);
        return bytes;
    }

    private static byte[] blankMd5(int length) {
        return length == CHUNK ? BLANK_CHUNK_MD5 : Flasher.md5(blank(length));
    }

    /** Writes into a buffer from a position on. */
    private static final class ArrayOut extends OutputStream {
        private final byte[] buffer;
        private int position;

        ArrayOut(byte[] buffer, int position) {
            this.buffer = buffer;
            this.position = position;
        }

        @Override
        public void write(int b) {
            buffer[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, buffer, position, len);
            position += len;
        }
    }

    /** Line time plus a turnaround per 64-byte round trip: what a READ_FLASH_SLOW backup costs. */
    static double estimateSeconds(long size, int baud) {
        long requests = (size + Esp32RomCommands.SLOW_READ_BLOCK - 1) / Esp32RomCommands.SLOW_READ_BLOCK;
        return requests * (SLOW_READ_WIRE_BYTES * 10.0 / baud + SLOW_READ_TURNAROUND_S);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 120 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
    }

    boolean matches(byte[] data, int offset) {
        if ((long) offset + data.length > session.chip().flashSizeBytes()) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, "The file does not fit the flash at that offset",
                    Hint.of("Check the {} and the file.", Setting.OFFSET));
        }
        return MessageDigest.isEqual(rom.md5(offset, data.length), Flasher.md5(data));
    }

    /** The ROM has no ERASE_FLASH: a FLASH_BEGIN over the whole chip erases it all up front. */
    void eraseAll() {
        int size = session.chip().flashSizeBytes();
        progress.update("erase", 0, size);
        rom.flashBegin(size, 0, Esp32RomCommands.FLASH_BLOCK, 0);
        progress.update("erase", size, size);
    }

    /**
     * The ROM has no ERASE_REGION either, but its FLASH_BEGIN erases exactly the range it is given
     * (unlike the ESP8266 ROM's): one FLASH_BEGIN without data blocks per region.
     */
    void eraseRegions(java.util.List<ErasePlan.Region> regions) {
        long total = ErasePlan.bytes(regions);
        long done = 0;
        progress.update("erase", 0, total);
        for (ErasePlan.Region r : regions) {
            rom.flashBegin(r.size(), 0, Esp32RomCommands.FLASH_BLOCK, r.offset());
            done += r.size();
            progress.update("erase", done, total);
        }
    }

    private static int roundUp(int n, int unit) {
        return (n + unit - 1) / unit * unit;
    }
}

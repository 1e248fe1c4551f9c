package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.StubLoader;
import java.io.OutputStream;

/**
 * A flash read through the stub that survives line faults (see RECOVERY.md). The bytes are
 * assembled in memory and handed out only once checked: a read that went through in one stream is
 * covered by the stub's MD5 of what it sent; after a fault the read resumes with a new READ_FLASH
 * from the last block that arrived, and the device's MD5 of the whole range must then match the
 * host's MD5 of what it assembled — where not, the 64 KB chunks whose MD5 differs are read again.
 */
final class ResumableRead {
    private static final int REPAIR_ROUNDS = 3;

    private final FlashSession session;
    private final Progress progress;
    private final Recovery recovery;
    private final DeviceDigest digest;
    private boolean compressed = true;
    /** The device's MD5 of 64 KB blocks asked earlier in this session, by flash offset (not asked again). */
    private java.util.Map<Integer, byte[]> askedMd5 = java.util.Map.of();

    ResumableRead(FlashSession session, Progress progress) {
        this.session = session;
        this.progress = progress;
        this.recovery = new Recovery(session, "read");
        this.digest = new DeviceDigest(session, recovery);
    }

    /** Uses the device's MD5 of these 64 KB blocks (by flash offset) instead of asking for them again. */
    ResumableRead withAskedMd5(java.util.Map<Integer, byte[]> md5s) {
        this.askedMd5 = md5s;
        return this;
    }

    /** What a read gave: the checked bytes, and how many bytes the device sent for them (compressed or not). */
    record Result(byte[] bytes, long transferred) {
    }

    /** The flash at [offset, offset + size), checked against the device's MD5. */
    Result read(int offset, int size) {
        byte[] buffer = new byte[size];
        Filled filled = fill(buffer, offset, 0, size);
        if (filled.resumed) {
            checkAndRepair(buffer, offset);
        }
        return new Result(buffer, filled.transferred);
    }

    /**
     * The same range, taking the 64 KB chunks whose device MD5 names content the host already has
     * from {@code known}, and reading only the others; the whole range is then checked against the
     * device's MD5 (a wrong candidate would be found there and its chunk read again).
     */
    Result read(int offset, int size, KnownContent known) {
        if (!known.worthAsking(size) || size <= ResumableWrite.CHUNK) {
            return read(offset, size);
        }
        byte[] buffer = new byte[size];
        long transferred = 0;
        int missingFrom = -1;
        for (int from = 0; from < size; ) {
            int to = chunkEnd(offset, from, size);
            int at = from;
            byte[] md5 = to - at == ResumableWrite.CHUNK ? askedMd5.get(offset + at) : null;
            if (md5 == null) {
                md5 = recovery.retrying(String.format("asking the MD5 of 0x%X+%d", offset + at, to - at),
                        () -> session.requireStub("Reading flash").md5(offset + at, to - at));
                transferred += md5.length;
            }
            byte[] bytes = known.find(md5, to - from);
            if (bytes != null && bytes.length == to - from) {
                System.arraycopy(bytes, 0, buffer, from, bytes.length);
                if (missingFrom >= 0) {
                    transferred += fill(buffer, offset, missingFrom, from).transferred;
                    missingFrom = -1;
                }
                progress.update("read", to, size);
            } else if (missingFrom < 0) {
                missingFrom = from;
            }
            from = to;
        }
        if (missingFrom >= 0) {
            transferred += fill(buffer, offset, missingFrom, size).transferred;
        }
        checkAndRepair(buffer, offset);
        return new Result(buffer, transferred);
    }

    /** What filling a part of the buffer took, and whether a fault made it resume. */
    private record Filled(long transferred, boolean resumed) {
    }

    /** Reads [from, to) of the range into the buffer, resuming after faults from the last block that arrived. */
    private Filled fill(byte[] buffer, int offset, int from, int to) {
        int size = buffer.length;
        int position = from;
        long transferred = 0;
        boolean resumed = false;
        while (position < to) {
            Sink sink = new Sink(buffer, position);
            int start = position;
            try {
                transferred += stream(offset + start, to - start, sink, done -> progress.update("read", start + done, size));
                position = to;
            } catch (FlashlineException e) {
                // Damaged bytes inside blocks that arrived are found by the MD5 checks after the read.
                position = e.code() == ErrorCode.READ_CORRUPTED ? to : start + sink.count;
                recovery.recover(e, String.format("at 0x%X", offset + position));
                resumed = true;
            }
        }
        return new Filled(transferred, resumed);
    }

    /** End of the 64 KB flash chunk that holds range position {@code from} (relative to {@code offset}). */
    private static int chunkEnd(int offset, int from, int size) {
        return Math.min(size, (int) (((long) offset + from) / ResumableWrite.CHUNK * ResumableWrite.CHUNK
                + ResumableWrite.CHUNK - offset));
    }

    /**
     * One stream: deflated on the chip where the stub can (flashline's stub: READ_FLASH_DEFL, a stock
     * Sonoff is mostly empty or code), plain READ_FLASH otherwise; each ends with its own MD5 check.
     * Returns the bytes that travelled.
     */
    private long stream(int offset, int length, Sink sink, java.util.function.LongConsumer done) {
        StubLoader stub = session.requireStub("Reading flash");
        if (compressed) {
            long sent = stub.readFlashCompressed(offset, length, sink, done);
            if (sent >= 0) {
                return sent;
            }
            compressed = false; // this stub does not compress: plain reads from now on
        }
        stub.readFlash(offset, length, sink, done);
        return length;
    }

    private void checkAndRepair(byte[] buffer, int offset) {
        int size = buffer.length;
        for (int round = 0; ; round++) {
            if (digest.matches(offset, size, Flasher.md5(buffer))) {
                session.log("read: the device's MD5 of the whole range matches after " + recovery.count());
                return;
            }
            boolean reread = false;
            for (int from = 0; from < size; ) {
                int to = chunkEnd(offset, from, size);
                if (!digest.matches(offset + from, to - from, Flasher.md5(buffer, from, to - from))) {
                    session.log(String.format("read: 0x%X..0x%X arrived damaged — reading it again", offset + from, offset + to));
                    readAgain(buffer, offset, from, to);
                    reread = true;
                }
                from = to;
            }
            if (!reread || round >= REPAIR_ROUNDS) {
                throw new FlashlineException(ErrorCode.READ_CORRUPTED, "The device's MD5 of the whole range differs from the"
                        + " data read, yet every 64 KB part matches", "Read again; if it repeats, power-cycle the device.");
            }
        }
    }

    /** One range read as its own stream (its MD5 checked by the stub's digest), recovering until it arrives whole. */
    private void readAgain(byte[] buffer, int offset, int from, int to) {
        while (true) {
            Sink sink = new Sink(buffer, from);
            try {
                session.requireStub("Reading flash").readFlash(offset + from, to - from, sink, done -> { });
                return;
            } catch (FlashlineException e) {
                recovery.recover(e, String.format("at 0x%X", offset + from + sink.count));
            }
        }
    }

    /** Puts the blocks of one stream into the buffer and counts them. */
    private static final class Sink extends OutputStream {
        private final byte[] buffer;
        private final int start;
        int count;

        Sink(byte[] buffer, int start) {
            this.buffer = buffer;
            this.start = start;
        }

        @Override
        public void write(int b) {
            buffer[start + count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, buffer, start + count, len);
            count += len;
        }
    }
}

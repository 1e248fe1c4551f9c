package dev.flashline.sim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.zip.Deflater;

/**
 * The backup half of a READ_WRITE_DEFL session: the read range as one raw DEFLATE stream, cut
 * into 'R' frame payloads, with the host's acknowledgements and the read frontier they give.
 * The stream is byte-aligned by a sync flush at every 64 KiB of input and at the end, and a frame
 * always ends there, so the host can inflate every byte below a sync point once it has the frame.
 */
final class SwapReadStream {
    /** Flash is read and compressed 4 KiB at a time, as READ_FLASH_DEFL does. */
    static final int CHUNK = VirtualFlash.SECTOR_SIZE;
    static final int SYNC_EVERY = 64 * 1024;

    private final FlashChip flash;
    private final long offset;
    private final long length;
    private final int frame;
    private final int inFlight;
    // same level as READ_FLASH_DEFL: the sim charges the stub's rate, not Java's effort
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final MessageDigest md = md5();
    private final byte[] out = new byte[CHUNK + 64];

    /** Compressed bytes not yet sent; unsent[0] is stream byte number {@link #sent}. */
    private byte[] unsent = new byte[0];
    private long produced;
    private long sent;
    private long acked;
    private long compressedRaw;
    private boolean streamEnded;
    /** Stream offsets where a frame must end: sync points and the end of the stream. */
    private final Deque<Long> cuts = new ArrayDeque<>();
    /** Sync points not yet acknowledged: {stream offset after the flush, raw bytes before it}. */
    private final Deque<long[]> syncPoints = new ArrayDeque<>();
    /** End offsets of sent frames the host has not acknowledged yet. */
    private final Deque<Long> unackedFrames = new ArrayDeque<>();
    private long frontier;

    SwapReadStream(FlashChip flash, long offset, long length, int frame, int inFlight) {
        this.flash = flash;
        this.offset = offset;
        this.length = length;
        this.frame = frame;
        this.inFlight = inFlight;
    }

    /** True while there is input left and fewer than aheadBytes compressed bytes wait to be sent. */
    boolean wantsInput(int aheadBytes) {
        return compressedRaw < length && unsent.length < aheadBytes;
    }

    /** Reads and compresses the next chunk, at the stub's compression rate. */
    void compressChunk() {
        int n = (int) Math.min(CHUNK, length - compressedRaw);
        byte[] chunk = flash.readUncharged(offset + compressedRaw, n);
        flash.chargeDeflate(n);
        md.update(chunk);
        deflater.setInput(chunk);
        compressedRaw += n;
        boolean atEnd = compressedRaw == length;
        boolean sync = atEnd || compressedRaw % SYNC_EVERY == 0;
        drain(sync ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH);
        if (sync) {
            syncPoints.add(new long[] {produced, compressedRaw});
            cuts.add(produced);
        }
        if (atEnd) {
            deflater.finish();
            while (!deflater.finished()) {
                append(deflater.deflate(out));
            }
            cuts.add(produced);
            streamEnded = true;
            deflater.end();
        }
    }

    private void drain(int mode) {
        int n;
        while ((n = deflater.deflate(out, 0, out.length, mode)) > 0 || !deflater.needsInput()) {
            append(n);
        }
    }

    private void append(int n) {
        if (n <= 0) {
            return;
        }
        int old = unsent.length;
        unsent = Arrays.copyOf(unsent, old + n);
        System.arraycopy(out, 0, unsent, old, n);
        produced += n;
    }

    /** Whether a frame could go out now (one is complete and the host's window has room). */
    boolean frameReady() {
        if (unackedFrames.size() >= inFlight || unsent.length == 0) {
            return false;
        }
        return unsent.length >= frame || !cuts.isEmpty();
    }

    /** The next frame's payload (full, or short at a sync point or the end), counted as sent; null if none is ready. */
    byte[] takeFrame() {
        if (!frameReady()) {
            return null;
        }
        int n = Math.min(frame, unsent.length);
        if (!cuts.isEmpty()) {
            n = (int) Math.min(n, cuts.peek() - sent);
        }
        byte[] payload = Arrays.copyOf(unsent, n);
        unsent = Arrays.copyOfRange(unsent, n, unsent.length);
        sent += n;
        while (!cuts.isEmpty() && cuts.peek() <= sent) {
            cuts.poll();
        }
        unackedFrames.add(sent);
        return payload;
    }

    /** An 'a' frame: totals not above the last or beyond what was sent are ignored. */
    void acknowledge(long total) {
        if (total <= acked || total > sent) {
            return;
        }
        acked = total;
        while (!unackedFrames.isEmpty() && unackedFrames.peek() <= acked) {
            unackedFrames.poll();
        }
        while (!syncPoints.isEmpty() && syncPoints.peek()[0] <= acked) {
            frontier = syncPoints.poll()[1];
        }
    }

    /** Raw bytes from the read offset the host provably holds: below this the flash may change. */
    long frontier() {
        return frontier;
    }

    /** Every byte of the stream produced, sent and acknowledged: time for 'M'. */
    boolean allAcknowledged() {
        return streamEnded && unsent.length == 0 && acked == produced;
    }

    byte[] digest() {
        return md.digest();
    }

    /** Frees the compressor when the session ends early. */
    void end() {
        deflater.end();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

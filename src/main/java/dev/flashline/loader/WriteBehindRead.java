package dev.flashline.loader;

import dev.flashline.digest.Digests;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.protocol.LoaderErrors;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import dev.flashline.protocol.Response;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The host side of READ_WRITE_DEFL (0xE1), flashline's stub's backup with a write behind it
 * (protocol in src/stub/SWAP.md): the old flash comes in while the new image goes out, on the two
 * directions of the UART at once. The image goes to a 64 KB block only once that block of the old
 * flash has arrived, matched the device's MD5 of it, and been handed to the {@link Keeper} — which
 * stores it durably — and the stub itself refuses to touch anything the host has not acknowledged.
 *
 * <p>State is kept on the instance so that, after a failure, the caller knows how much of the range
 * is read and kept ({@link #kept()}); the rest of the device still holds its old content.
 */
public final class WriteBehindRead {
    /** 'R' frames of 1 KB: an answer queued behind the frame in progress waits at most ~22 ms at 460800 baud. */
    static final int FRAME = 0x400;
    /** Acks in transit must fit the chip's 128-byte receive FIFO while it erases. */
    static final int IN_FLIGHT = 8;
    static final int WRITE_FRAME = 0x1000;
    public static final int BLOCK = 0x10000;
    private static final int SECTOR = 0x1000;
    /** The stub takes two erase/data frames ahead, no more. */
    private static final int UNANSWERED = 2;

    /** Takes each verified 64 KB block of the old flash; returns only once it is stored durably. */
    @FunctionalInterface
    public interface Keeper {
        void keep(int offset, byte[] data, int from, int length);
    }

    /** Reported as the session goes: bytes of the range read, bytes of the image written. */
    public interface Listener {
        void read(long done, long total);

        void written(long done, long total);
    }

    private final StubLoader stub;
    private final int readOffset;
    private final byte[] old;
    private final Map<Integer, byte[]> blockMd5;
    private final int writeOffset;
    private final byte[] image;
    private final Keeper keeper;
    private final Listener listener;

    private int kept;
    private int written;
    private long received;
    private long sentImage;

    /**
     * @param old      receives the range [readOffset, readOffset + old.length) (a multiple of 64 KB)
     * @param blockMd5 the device's MD5 of every 64 KB block the image overlaps, by block offset
     */
    public WriteBehindRead(StubLoader stub, int readOffset, byte[] old, Map<Integer, byte[]> blockMd5, int writeOffset,
            byte[] image, Keeper keeper, Listener listener) {
        boolean alone = old.length == 0;
        if (readOffset % BLOCK != 0 || old.length % SECTOR != 0 || writeOffset % SECTOR != 0 || image.length == 0
                || (!alone && (writeOffset < readOffset || (long) writeOffset + image.length > (long) readOffset + old.length))) {
            throw new IllegalArgumentException("the image must lie inside a block-aligned read range");
        }
        this.stub = stub;
        this.readOffset = readOffset;
        this.old = old;
        this.blockMd5 = blockMd5;
        this.writeOffset = writeOffset;
        this.image = image;
        this.keeper = keeper;
        this.listener = listener;
    }

    /**
     * A write alone through the same session (no read: nothing to back up first). The image streams
     * in while the stub programs what came before, which READ_FLASH's plain FLASH_DEFL_DATA, answered
     * only once each block is written, cannot do.
     */
    public static WriteBehindRead writeAlone(StubLoader stub, int writeOffset, byte[] image, Listener listener) {
        return new WriteBehindRead(stub, 0, new byte[0], Map.of(), writeOffset, image, (o, d, f, l) -> { }, listener);
    }

    /** Bytes of the range, from its start, that arrived, matched the device's MD5 and were kept. */
    public int kept() {
        return kept;
    }

    /** Bytes of the image the stub reported written. */
    public int written() {
        return written;
    }

    /** Compressed bytes of the image sent ('d' payloads). */
    public long sentImageBytes() {
        return sentImage;
    }

    /** Compressed bytes of the old flash received. */
    public long received() {
        return received;
    }

    /**
     * Runs the session. Returns false, having done nothing, when the stub does not have the command
     * (any stub but flashline's): read and write one after the other instead.
     */
    public boolean run() {
        Response r = stub.command(Opcode.READ_WRITE_DEFL, Packets.words(readOffset, old.length, FRAME, IN_FLIGHT, writeOffset,
                image.length, WRITE_FRAME, 0), 0, Timeouts.DEFAULT_MS);
        if (!r.ok()) {
            if (LoaderErrors.meansUnsupported(r.errorCode())) {
                return false;
            }
            throw new CommandFailedException(Opcode.READ_WRITE_DEFL, r.errorCode(),
                    Hint.text("Check that the image lies inside the flash, then run the device again."));
        }
        PacketLink link = stub.link();
        double sentBefore = link.sentSeconds();
        double receivedBefore = link.receivedSeconds();
        try {
            new Session(ImageSegments.of(image, writeOffset, BLOCK)).run();
        } finally {
            // both directions carried data at once: the line limit is the busier one, not the sum
            link.overlapped(Math.min(link.sentSeconds() - sentBefore, link.receivedSeconds() - receivedBefore));
        }
        return true;
    }

    /** One pass of the protocol: a single thread that sends whatever may go and handles what comes. */
    private final class Session {
        private final ImageSegments.Segment[] segments;
        private final Inflater inflater = new Inflater(true);
        private final ArrayDeque<Character> answersDue = new ArrayDeque<>();
        private final long wait = Timeouts.DEFAULT_MS + Timeouts.erase(BLOCK)
                + Timeouts.wireMillis((long) (FRAME + WRITE_FRAME) * UNANSWERED, stub.baud());
        private int segment;
        private int segmentSent;
        private boolean erased;
        private boolean finishSent;
        private boolean finished;
        private boolean digestChecked;
        private int inflated;
        /** End of the range the device also counts as acknowledged: a frame later than the one that completed it. */
        private int confirmed;
        private int completedInFrame = -1;
        private int frames;

        Session(ImageSegments.Segment[] segments) {
            this.segments = segments;
            if (old.length == 0) { // a write alone: no 'R' stream to wait for, no 'M' to check
                confirmed = Integer.MAX_VALUE;
                kept = Integer.MAX_VALUE;
                digestChecked = true;
            }
        }

        void run() {
            try {
                while (!(finished && digestChecked)) {
                    sendWhatMayGo();
                    byte[] frame = stub.link().receive(wait);
                    if (frame == null) {
                        throw new LoaderTimeoutException(String.format("The backup with the write behind it stopped: %d of %d"
                                + " bytes read, %d of %d written", inflated, old.length, written, image.length),
                                "Check the cable and power, then run the device again.");
                    }
                    handle(frame);
                }
            } finally {
                inflater.end();
            }
        }

        private void sendWhatMayGo() {
            while (answersDue.size() < UNANSWERED && !answersDue.contains('e')) {
                if (segment < segments.length) {
                    ImageSegments.Segment s = segments[segment];
                    if (!erased) {
                        if (!answersDue.isEmpty() || (long) readOffset + keptAndConfirmed() < s.eraseEnd()) {
                            return; // the old content of that block is not safe yet
                        }
                        byte[] range = Packets.words(s.eraseStart(), s.eraseEnd() - s.eraseStart());
                        send('e', checksummed(range, 0, range.length));
                        erased = true;
                    } else if (segmentSent < s.compressed().length) {
                        int n = Math.min(WRITE_FRAME, s.compressed().length - segmentSent);
                        send('d', checksummed(s.compressed(), segmentSent, n));
                        segmentSent += n;
                        sentImage += n;
                    } else {
                        segment++;
                        segmentSent = 0;
                        erased = false;
                    }
                } else if (!finishSent) {
                    send('f', new byte[0]);
                    finishSent = true;
                } else {
                    return;
                }
            }
        }

        /**
         * An 'e' or 'd' body: the loader's data checksum, then the bytes (a damaged erase address must not
         * erase anything, and raw DEFLATE has no check of its own).
         */
        private byte[] checksummed(byte[] z, int from, int n) {
            byte[] body = new byte[n + 1];
            body[0] = (byte) Packets.checksum(z, from, n);
            System.arraycopy(z, from, body, 1, n);
            return body;
        }

        private int keptAndConfirmed() {
            return Math.min(kept, confirmed);
        }

        private void send(char tag, byte[] body) {
            byte[] frame = new byte[body.length + 1];
            frame[0] = (byte) tag;
            System.arraycopy(body, 0, frame, 1, body.length);
            stub.link().send(frame);
            answersDue.add(tag);
        }

        private void handle(byte[] frame) {
            if (frame.length == 0) {
                throw garbled("an empty frame");
            }
            switch (frame[0]) {
                case 'R' -> oldFlash(frame);
                case 'W' -> {
                    expect(frame, 6, 'W');
                    status(frame[1] & 0xFF);
                    int n = Packets.u32(frame, 2);
                    if (n < written || n > image.length) {
                        throw garbled("a write count of " + n);
                    }
                    written = n;
                    listener.written(written, image.length);
                }
                case 'F' -> {
                    expect(frame, 2, 'F');
                    status(frame[1] & 0xFF);
                    finished = true;
                }
                case 'M' -> digest(frame);
                case 'X' -> status(frame.length > 1 ? frame[1] & 0xFF : 0x100);
                default -> throw garbled(String.format("a frame tagged 0x%02X", frame[0] & 0xFF));
            }
        }

        private void expect(byte[] frame, int length, char tag) {
            if (frame.length != length || answersDue.isEmpty()) {
                throw garbled("an unexpected '" + tag + "' frame");
            }
            char due = answersDue.poll();
            if ((tag == 'F') != (due == 'f')) {
                throw garbled("'" + tag + "' where the answer to '" + due + "' was due");
            }
        }

        private void status(int code) {
            if (code == 0) {
                return;
            }
            if (LoaderErrors.meansCorruptedData(code) || code == 0xC8 || code == 0xC9) {
                // the image's stream arrived damaged (or short, or long): the line, not the device
                throw new FlashlineException(ErrorCode.LINK_GARBLED, "The image arrived damaged at the stub ("
                        + LoaderErrors.describe(code) + ")", Hint.of("Check the cable, or lower the {}.", Setting.BAUD));
            }
            if (code == LoaderErrors.STUB_NOT_BACKED_UP) {
                throw new FlashlineException(ErrorCode.STUB_PROTOCOL, "The stub refused to erase or write flash it has not"
                        + " sent yet", Hint.text("Run the device again; the old flash there is untouched."));
            }
            throw new CommandFailedException(Opcode.READ_WRITE_DEFL, code & 0xFF,
                    Hint.text("Run the device again; the flash not yet written still holds its old content."));
        }

        private void oldFlash(byte[] frame) {
            frames++;
            if (frame.length < 2 || frame.length > FRAME + 1) {
                throw garbled("a " + frame.length + "-byte data frame");
            }
            received += frame.length - 1;
            stub.link().send(ack());
            if (completedInFrame >= 0 && frames > completedInFrame) {
                confirmed = inflated; // a frame after the one that completed them: the sync point is acknowledged too
            }
            inflater.setInput(frame, 1, frame.length - 1);
            try {
                while (!inflater.needsInput() && !inflater.finished()) {
                    int n = inflater.inflate(old, inflated, old.length - inflated);
                    if (n == 0 && inflated == old.length && !inflater.finished()) {
                        throw garbled("more than the " + old.length + " bytes asked for");
                    }
                    inflated += n;
                    keepCompletedBlocks();
                }
            } catch (DataFormatException e) {
                throw garbled("an invalid DEFLATE stream (" + e.getMessage() + ")");
            }
            listener.read(inflated, old.length);
        }

        private byte[] ack() {
            byte[] a = new byte[5];
            a[0] = 'a';
            System.arraycopy(Packets.words((int) received), 0, a, 1, 4);
            return a;
        }

        /**
         * The blocks the image overlaps (those with a device MD5), in order, are checked and kept as they
         * complete: only then may the image go there. The others are covered by the MD5 of the whole range.
         */
        private void keepCompletedBlocks() {
            int end = inflated == old.length ? inflated : inflated / BLOCK * BLOCK;
            boolean any = false;
            while (kept < end) {
                int length = Math.min(BLOCK, end - kept);
                byte[] expected = blockMd5.get(readOffset + kept);
                if (expected == null) {
                    break;
                }
                MessageDigest md = Digests.md5();
                md.update(old, kept, length);
                if (!MessageDigest.isEqual(expected, md.digest())) {
                    throw new FlashlineException(ErrorCode.READ_CORRUPTED, String.format("The backup of 0x%X..0x%X does not"
                            + " match the device's MD5", readOffset + kept, readOffset + kept + length),
                            Hint.of("Bytes were corrupted on the line: run the device again, with a lower {}.", Setting.BAUD));
                }
                keeper.keep(readOffset + kept, old, kept, length);
                kept += length;
                any = true;
            }
            if (any) {
                completedInFrame = frames;
            }
        }

        private void digest(byte[] frame) {
            if (frame.length != 17 || inflated != old.length || !inflater.finished()) {
                throw garbled("the MD5 before the whole range");
            }
            MessageDigest md = Digests.md5();
            md.update(old);
            if (!MessageDigest.isEqual(Arrays.copyOfRange(frame, 1, 17), md.digest())) {
                throw new FlashlineException(ErrorCode.READ_CORRUPTED, "The backup does not match the MD5 the device computed",
                        Hint.of("Bytes were corrupted on the line: run the device again, with a lower {}.", Setting.BAUD));
            }
            confirmed = old.length;
            digestChecked = true;
        }
    }

    private static FlashlineException garbled(String what) {
        return new FlashlineException(ErrorCode.LINK_GARBLED, "The backup with the write behind it received " + what,
                Hint.of("Bytes were damaged on the line: check the cable, or lower the {}.", Setting.BAUD));
    }
}

package dev.flashline.sim;

import dev.flashline.transport.LinkClosedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A test-side host for READ_WRITE_DEFL, written from SWAP.md with java.util.zip: takes the 'R'
 * stream in (inflating and acknowledging every frame at once), and writes the image behind the
 * read frontier it can prove ('e' as far as the frontier allows, 'd' pieces that inflate to no
 * more than what is erased and backed up, at most two e/d/f unanswered, only 'a' after an 'e').
 * Lower-level steps ({@link #start}, {@link #pump}, {@link #send}) let tests misbehave on purpose.
 */
final class SwapHost {
    static final int SYNC_EVERY = 64 * 1024;
    /** The host compresses the image with a sync point every 4 KiB, so it knows what each piece inflates to. */
    static final int IMAGE_SYNC = 4096;

    final HostSide host;
    final int readOffset;
    final int readLength;
    final int writeOffset;
    final byte[] image;
    int frame = 4096;
    int inFlight = 8;
    int writeFrame = 4096;

    final Inflater inflater = new Inflater(true);
    final byte[] backup;
    int backupLength;
    long received;
    /** Raw bytes from the read offset below the last sync point this host has received and acknowledged. */
    long frontier;
    byte[] md5;
    Integer finishStatus;
    Integer failure;
    final List<long[]> writtenAnswers = new ArrayList<>();
    boolean closed;

    private final Deque<Byte> unanswered = new ArrayDeque<>();
    private byte[] compressed;
    /** {compressed offset, raw bytes inflated once the stream is read up to there}. */
    private final List<long[]> imageSyncs = new ArrayList<>();
    private long erasedEnd;
    private int dataSent;
    private boolean finishSentByHost;
    /** Damage one bit of every 'd' payload after its checksum (a noisy line). */
    boolean damageData;

    SwapHost(HostSide host, int readOffset, int readLength, int writeOffset, byte[] image) {
        this.host = host;
        this.readOffset = readOffset;
        this.readLength = readLength;
        this.writeOffset = writeOffset;
        this.image = image;
        this.backup = new byte[readLength];
        this.erasedEnd = writeOffset;
        compressImage();
    }

    byte[] request() {
        return HostSide.words(readOffset, readLength, frame, inFlight, writeOffset, image.length, writeFrame, 0);
    }

    /** Sends the command; the device's answer status. */
    int start() throws IOException {
        HostSide.Response r = host.command(Opcodes.READ_WRITE_DEFL, request());
        if (r == null) {
            throw new IllegalStateException("no answer to READ_WRITE_DEFL");
        }
        return r.status0();
    }

    /** Runs a well-behaved session to its end; false if it stalled (no frame for stallMillis). */
    boolean runToEnd(long stallMillis) throws IOException {
        try {
            while (!over()) {
                sendWhatIsAllowed();
                if (pump(stallMillis) == null) {
                    return closed;
                }
            }
        } catch (LinkClosedException e) {
            closed = true;
        }
        return true;
    }

    /** Pumps frames until the condition holds; false on a stall or when the session is over first. */
    boolean pumpUntil(java.util.function.BooleanSupplier condition, long stallMillis) throws IOException {
        while (!condition.getAsBoolean()) {
            if (over() || pump(stallMillis) == null) {
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    /** Sends 'd' frames up to the image's compressed offset end, ignoring erase and frontier, at most two unanswered. */
    void sendDataUpTo(long end, long stallMillis) throws IOException {
        while (dataSent < end && !over()) {
            if (unanswered.size() < 2) {
                int n = (int) Math.min(writeFrame, end - dataSent);
                send('d', withChecksum(Arrays.copyOfRange(compressed, dataSent, dataSent + n), damageData));
                dataSent += n;
            } else if (pump(stallMillis) == null) {
                return;
            }
        }
        pumpUntil(() -> unanswered.isEmpty(), stallMillis);
    }

    /** Compressed offset in the image stream after which exactly raw image bytes inflate (a multiple of 4 KiB, or the end). */
    long compressedOffsetOf(long raw) {
        return imageSyncs.stream().filter(s -> s[1] == raw).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sync point at " + raw))[0];
    }

    boolean over() {
        return closed || failure != null || (md5 != null && finishStatus != null)
                || writtenAnswers.stream().anyMatch(w -> w[0] != 0);
    }

    /** Receives and handles one frame (R is inflated and acknowledged); null on timeout or a closed link. */
    byte[] pump(long timeoutMillis) throws IOException {
        byte[] f;
        try {
            f = host.frame(timeoutMillis);
        } catch (LinkClosedException e) {
            closed = true;
            return null;
        }
        if (f == null || f.length == 0) {
            return f;
        }
        switch (f[0]) {
            case 'R' -> onRead(f);
            case 'W' -> {
                unanswered.poll();
                writtenAnswers.add(new long[] {f[1] & 0xFF, u32(f, 2)});
            }
            case 'F' -> {
                unanswered.poll();
                finishStatus = f[1] & 0xFF;
            }
            case 'M' -> md5 = Arrays.copyOfRange(f, 1, f.length);
            case 'X' -> failure = f[1] & 0xFF;
            default -> { }
        }
        return f;
    }

    private void onRead(byte[] f) throws IOException {
        received += f.length - 1;
        send('a', HostSide.words(received));
        inflater.setInput(f, 1, f.length - 1);
        try {
            while (!inflater.needsInput() && !inflater.finished()) {
                backupLength += inflater.inflate(backup, backupLength, backup.length - backupLength);
            }
        } catch (DataFormatException e) {
            throw new IOException("backup stream does not inflate", e);
        }
        // a frame that ends with the sync marker at a 64 KiB point (or the end) closes a sync point
        int n = f.length;
        boolean marker = n >= 5 && f[n - 4] == 0 && f[n - 3] == 0 && f[n - 2] == (byte) 0xFF && f[n - 1] == (byte) 0xFF;
        if (marker && (backupLength % SYNC_EVERY == 0 || backupLength == readLength)) {
            frontier = backupLength;
        }
    }

    void send(char tag, byte[] body) throws IOException {
        byte[] f = new byte[1 + body.length];
        f[0] = (byte) tag;
        System.arraycopy(body, 0, f, 1, body.length);
        if (tag == 'e' || tag == 'd' || tag == 'f') {
            unanswered.add((byte) tag);
        }
        host.sendFrame(f);
    }

    /** A 'd' body: esptool's data checksum (0xEF XOR every byte), then the payload; damaged: one bit flipped after. */
    static byte[] withChecksum(byte[] payload, boolean damaged) {
        byte[] body = new byte[1 + payload.length];
        body[0] = (byte) Opcodes.checksum(payload, 0, payload.length);
        System.arraycopy(payload, 0, body, 1, payload.length);
        if (damaged) {
            body[1 + payload.length / 2] ^= 0x10;
        }
        return body;
    }

    /** An 'e' body: checksum (0xEF XOR the eight bytes after it), address, length. */
    static byte[] erase(long address, long length) {
        byte[] body = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0).putInt((int) address).putInt((int) length).array();
        body[0] = (byte) Opcodes.checksum(body, 1, 8);
        return body;
    }

    /** The flow control of SWAP.md: erase first, then data that is erased and backed up, then 'f'. */
    private void sendWhatIsAllowed() throws IOException {
        while (!unanswered.contains((byte) 'e') && unanswered.size() < 2 && !finishSentByHost) {
            long limit = readOffset + frontier;
            long regionEnd = (writeOffset + image.length + 4095L) / 4096 * 4096;
            long eraseTo = Math.min(regionEnd, limit / 4096 * 4096);
            eraseTo = Math.min(eraseTo, (erasedEnd / SYNC_EVERY + 1) * SYNC_EVERY); // at most one block at a time
            if (eraseTo > erasedEnd) {
                send('e', erase(erasedEnd, eraseTo - erasedEnd));
                erasedEnd = eraseTo;
                continue;
            }
            long allowedRaw = Math.min(erasedEnd, limit) - writeOffset;
            long upTo = 0;
            for (long[] s : imageSyncs) {
                if (s[1] <= allowedRaw) {
                    upTo = s[0];
                }
            }
            if (upTo > dataSent) {
                int n = (int) Math.min(writeFrame, upTo - dataSent);
                send('d', withChecksum(Arrays.copyOfRange(compressed, dataSent, dataSent + n), damageData));
                dataSent += n;
                continue;
            }
            if (dataSent == compressed.length) {
                send('f', new byte[0]);
                finishSentByHost = true;
            }
            return;
        }
    }

    private void compressImage() {
        Deflater deflater = new Deflater(9, true);
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int pos = 0; pos < image.length; pos += IMAGE_SYNC) {
            int n = Math.min(IMAGE_SYNC, image.length - pos);
            deflater.setInput(image, pos, n);
            int got;
            while ((got = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0 || !deflater.needsInput()) {
                z.write(buf, 0, got);
            }
            if (pos + n < image.length) {
                imageSyncs.add(new long[] {z.size(), pos + n});
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            z.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        compressed = z.toByteArray();
        imageSyncs.add(new long[] {compressed.length, image.length});
    }

    int compressedImageLength() {
        return compressed.length;
    }

    byte[] backup() {
        return Arrays.copyOf(backup, backupLength);
    }

    static long u32(byte[] b, int off) {
        return ByteBuffer.wrap(b, off, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }
}

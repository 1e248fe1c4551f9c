package dev.flashline.stub;

import static dev.flashline.stub.QemuStub.words;

import dev.flashline.protocol.Packets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A READ_WRITE_DEFL (0xE1) host written from SWAP.md for the QEMU tests: it acknowledges every
 * 'R' frame, inflates the backup stream, and erases and writes the image only below the read
 * frontier it derives itself (the last 64 KiB sync point it has received), keeping at most two
 * 'e'/'d'/'f' frames unanswered and nothing but acks while an erase runs. Test code only; the
 * production host lives in src/main/java.
 */
final class SwapHost {
    static final int READ_WRITE_DEFL = 0xE1;
    private static final int SYNC_EVERY = 64 * 1024;
    private static final int SECTOR = 4096;
    private static final int BLOCK = 64 * 1024;
    private static final Duration FRAME_WAIT = Duration.ofSeconds(30);

    /** What one session gave: the inflated backup, the stub's MD5 of it, the answers. */
    record Result(byte[] backup, byte[] md5, int finishStatus, List<Integer> writeStatuses, int compressedBackup,
            int compressedImage, int error) {
    }

    /** The image as one raw DEFLATE stream, sync-flushed after every 64 KiB of input. */
    record Image(byte[] raw, byte[] z, int[] syncZ, int[] syncRaw) {
        static Image of(byte[] raw) {
            Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<int[]> syncs = new ArrayList<>();
            byte[] buf = new byte[8192];
            try {
                for (int at = 0; at < raw.length; at += SYNC_EVERY) {
                    int n = Math.min(SYNC_EVERY, raw.length - at);
                    d.setInput(raw, at, n);
                    boolean last = at + n == raw.length;
                    int got;
                    do {
                        got = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                        out.write(buf, 0, got);
                    } while (got == buf.length);
                    if (last) {
                        d.finish();
                        while (!d.finished()) {
                            out.write(buf, 0, d.deflate(buf));
                        }
                    }
                    syncs.add(new int[] {out.size(), at + n});
                }
            } finally {
                d.end();
            }
            return new Image(raw, out.toByteArray(), syncs.stream().mapToInt(s -> s[0]).toArray(),
                    syncs.stream().mapToInt(s -> s[1]).toArray());
        }
    }

    private final QemuStub stub;
    private final int readOffset;
    private final int readLength;
    private final int frame;
    private final int writeOffset;
    private final int writeFrame;
    private final Image image;
    private final Inflater inflater = new Inflater(true);
    private final byte[] backup;
    private int inflated;
    private int compressedBackup;
    private int erasedTo; // image-relative: everything below was erased by 'e'
    private int zSent;
    private boolean finishSent;
    private boolean eraseRunning;
    private final Deque<Character> unanswered = new ArrayDeque<>();
    private final List<Integer> writeStatuses = new ArrayList<>();

    private SwapHost(QemuStub stub, int readOffset, int readLength, int frame, int writeOffset, Image image,
            int writeFrame) {
        this.stub = stub;
        this.readOffset = readOffset;
        this.readLength = readLength;
        this.frame = frame;
        this.writeOffset = writeOffset;
        this.writeFrame = writeFrame;
        this.image = image;
        this.backup = new byte[readLength];
    }

    /** Runs one session; the request must be accepted (anything else throws). */
    static Result run(QemuStub stub, int readOffset, int readLength, int frame, int inFlight, int writeOffset,
            Image image, int writeFrame) throws IOException, InterruptedException {
        QemuStub.Response r = stub.command(READ_WRITE_DEFL, words(readOffset, readLength, frame, inFlight, writeOffset,
                image.raw().length, writeFrame, 0));
        if (!r.ok()) {
            throw new IOException("READ_WRITE_DEFL refused: status 0x" + Integer.toHexString(r.status()));
        }
        SwapHost host = new SwapHost(stub, readOffset, readLength, frame, writeOffset, image, writeFrame);
        try {
            return host.session();
        } finally {
            host.inflater.end();
        }
    }

    private Result session() throws IOException, InterruptedException {
        byte[] md5 = null;
        int finish = -1;
        while (md5 == null || finish < 0) {
            act();
            byte[] f = stub.frame(FRAME_WAIT);
            if (f.length == 0) {
                throw new IOException("empty frame in the session");
            }
            switch (f[0]) {
                case 'R' -> backupFrame(f);
                case 'W' -> {
                    expect(f.length == 6, "'W' frame of " + f.length + " bytes");
                    char kind = unanswered.removeFirst();
                    expect(kind == 'e' || kind == 'd', "'W' answers '" + kind + "'");
                    eraseRunning &= kind != 'e';
                    writeStatuses.add(f[1] & 0xFF);
                    if (f[1] != 0) {
                        return result(md5, finish, f[1] & 0xFF);
                    }
                }
                case 'F' -> {
                    expect(f.length == 2 && unanswered.removeFirst() == 'f', "'F' frame");
                    finish = f[1] & 0xFF;
                }
                case 'M' -> {
                    expect(f.length == 17 && inflater.finished() && inflated == readLength, "'M' before the whole backup");
                    md5 = Arrays.copyOfRange(f, 1, 17);
                }
                case 'X' -> {
                    return result(md5, finish, f[1] & 0xFF);
                }
                default -> throw new IOException("unexpected frame in the session: " + QemuStub.hex(f));
            }
        }
        return result(md5, finish, 0);
    }

    private Result result(byte[] md5, int finish, int error) {
        return new Result(Arrays.copyOf(backup, inflated), md5, finish, writeStatuses, compressedBackup,
                image.z().length, error);
    }

    private void backupFrame(byte[] f) throws IOException {
        expect(f.length >= 2 && f.length - 1 <= frame, "'R' frame of " + (f.length - 1) + " bytes");
        compressedBackup += f.length - 1;
        stub.sendFrame(ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'a').putInt(compressedBackup)
                .array());
        inflater.setInput(f, 1, f.length - 1);
        try {
            byte[] extra = new byte[1];
            while (!inflater.needsInput() && !inflater.finished()) {
                if (inflated < readLength) {
                    inflated += inflater.inflate(backup, inflated, readLength - inflated);
                } else {
                    // only the sync flush and the final block may follow the last byte
                    expect(inflater.inflate(extra) == 0, "the backup stream inflates past " + readLength + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new IOException("the 'R' stream is not valid DEFLATE: " + e.getMessage(), e);
        }
    }

    /** Raw bytes of the read range the host holds up to a sync point. */
    private int frontier() {
        return inflated == readLength ? readLength : inflated / SYNC_EVERY * SYNC_EVERY;
    }

    private void act() throws IOException {
        int region = (image.raw().length + SECTOR - 1) / SECTOR * SECTOR;
        while (unanswered.size() < 2 && !eraseRunning) {
            int backed = Math.max(0, Math.min(region, frontier() - (writeOffset - readOffset)));
            int limit = Math.min(backed, erasedTo);
            int zLimit = 0;
            for (int k = 0; k < image.syncRaw().length; k++) {
                if (image.syncRaw()[k] <= limit) {
                    zLimit = image.syncZ()[k];
                }
            }
            if (zSent < zLimit) {
                int n = Math.min(writeFrame, zLimit - zSent);
                stub.sendFrame(checksummed('d', image.z(), zSent, n));
                zSent += n;
                unanswered.addLast('d');
            } else if (zSent == image.z().length && !finishSent) {
                stub.sendFrame(new byte[] {'f'});
                finishSent = true;
                unanswered.addLast('f');
            } else if (backed / SECTOR * SECTOR > erasedTo) {
                int len = Math.min(backed / SECTOR * SECTOR - erasedTo, BLOCK - erasedTo % BLOCK);
                byte[] range = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(writeOffset + erasedTo).putInt(len).array();
                stub.sendFrame(checksummed('e', range, 0, 8));
                erasedTo += len;
                unanswered.addLast('e');
                eraseRunning = true;
            } else {
                return;
            }
        }
    }

    private static void expect(boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException("READ_WRITE_DEFL session: " + what);
        }
    }

    /** A tagged frame: tag, the loader's data checksum (0xEF XOR every byte), then the bytes. */
    private static byte[] checksummed(char tag, byte[] data, int from, int n) {
        byte[] f = new byte[n + 2];
        f[0] = (byte) tag;
        f[1] = (byte) Packets.checksum(data, from, n);
        System.arraycopy(data, from, f, 2, n);
        return f;
    }
}

package dev.flashline.flasher;

import dev.flashline.digest.Digests;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.StubLoader;
import dev.flashline.loader.WriteBehindRead;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole-flash backup with the new image written behind it where that is faster: through
 * flashline's stub (READ_WRITE_DEFL) the old flash travels to the host while the image travels to
 * the device, and each 64 KB block is erased only once its old content is here, matches the device's
 * MD5, and is stored durably ({@link WriteBehindRead.Keeper}). Where the station already holds most
 * of this flash (the next device of a model) a plain known-content backup is faster, and the image
 * is left for the write step; likewise with any other stub, or the ESP32 ROM.
 *
 * <p>If the session breaks, the backup is completed from what was kept plus a read of the rest —
 * the device still holds its old content at and above what was kept — and the image is left for
 * the write step, which writes it again from the start.
 */
public final class BackupWithWrite {
    private static final int BLOCK = WriteBehindRead.BLOCK;
    /** The MD5 of an erased 64 KB block (all 0xFF). */
    private static final byte[] BLANK_BLOCK_MD5 = blankBlockMd5();

    private final FlashSession session;
    private final Progress progress;

    /** The backup (checked), and the write when the image went behind it (null: write it as usual). */
    public record Outcome(byte[] backup, ReadResult read, WriteResult write) {
    }

    public BackupWithWrite(FlashSession session, Progress progress) {
        this.session = session;
        this.progress = progress;
    }

    /**
     * @param image prepared image bytes (see {@link ImagePreparation}) for {@code offset}
     * @param spool stores each verified block durably before it may be erased; holds what an earlier,
     *              unfinished run of this device kept
     */
    public Outcome run(KnownContent known, byte[] image, int offset, BackupSpool spool) {
        int size = session.chip().flashSizeBytes();
        byte[] earlier = spool.earlier(session.chip().mac());
        if (earlier != null) {
            return resumed(earlier);
        }
        WriteBehindRead.Keeper keeper = spool.open(session.chip().mac());
        if (session.esp32Rom() != null || !(session.loader() instanceof StubLoader) || size % BLOCK != 0
                || offset % 0x1000 != 0 || image.length == 0 || (long) offset + image.length > size) {
            return sequential(known, Map.of());
        }
        long start = System.nanoTime();
        Recovery recovery = new Recovery(session, "backup");
        int imageBlocksEnd = (int) Math.min(size, ((long) offset + image.length + BLOCK - 1) / BLOCK * BLOCK);
        // every block up to the image's end: the image goes to a block only once the blocks before it are kept
        Map<Integer, byte[]> md5s = blockMd5s(recovery, 0, known.worthAsking(size) ? size : imageBlocksEnd);
        if (mostlyKnown(known, md5s, size)) {
            return sequential(known, md5s);
        }
        byte[] old = new byte[size];
        StubLoader stub = session.requireStub("Backing up");
        long sentBefore = stub.link().bytesSent();
        WriteBehindRead session0 = new WriteBehindRead(stub, 0, old, md5s, offset, image, keeper, new WriteBehindRead.Listener() {
            @Override
            public void read(long done, long total) {
                progress.update("read", done, total);
            }

            @Override
            public void written(long done, long total) {
                progress.update("write", done, total);
            }
        });
        try {
            if (!session0.run()) {
                return sequential(known, md5s); // not flashline's stub
            }
        } catch (FlashlineException e) {
            session.log("backup: the write behind it stopped (" + e.getMessage() + "); the rest is read first, the image"
                    + " written afterwards");
            return completed(old, session0.kept(), e, recovery, start);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ReadResult read = new ReadResult(0, size, Flasher.hex(Digests.sha256().digest(old)), seconds, session0.received());
        WriteResult write = new WriteResult(offset, image.length, image.length, stub.link().bytesSent() - sentBefore, false,
                "verified by its own step", Flasher.hex(Flasher.md5(image)), seconds);
        return new Outcome(old, read, write);
    }

    private static byte[] blankBlockMd5() {
        byte[] blank = new byte[BLOCK];
        Arrays.fill(blank, (byte) 0xFF);
        return Flasher.md5(blank);
    }

    /** The device's MD5 of each 64 KB block in [from, to). */
    private Map<Integer, byte[]> blockMd5s(Recovery recovery, int from, int to) {
        Map<Integer, byte[]> md5s = new LinkedHashMap<>();
        for (int at = from; at < to; at += BLOCK) {
            int block = at;
            md5s.put(block, recovery.retrying(String.format("asking the MD5 of 0x%X+%d", block, BLOCK),
                    () -> session.requireStub("Backing up").md5(block, BLOCK)));
        }
        return md5s;
    }

    /** True when most blocks are erased or held already: reading only the rest beats sending everything. */
    private static boolean mostlyKnown(KnownContent known, Map<Integer, byte[]> md5s, int size) {
        if (md5s.size() * BLOCK < size) {
            return false; // only the image's blocks were asked: nothing is held
        }
        long cheap = md5s.values().stream().filter(m -> Arrays.equals(m, BLANK_BLOCK_MD5) || known.find(m, BLOCK) != null).count();
        return cheap * 4 >= md5s.size() * 3L;
    }

    private Outcome sequential(KnownContent known, Map<Integer, byte[]> md5s) {
        int size = session.chip().flashSizeBytes();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        ReadResult read = new Flasher(session, progress).read(0, size, out, known, md5s);
        return new Outcome(out.toByteArray(), read, null);
    }

    /**
     * An earlier run wrote part of the image behind its backup and stopped: the old flash up to what it
     * kept is in the spool (the device now holds the image there), the rest is still on the device.
     */
    private Outcome resumed(byte[] earlier) {
        int size = session.chip().flashSizeBytes();
        if (earlier.length > size) {
            throw FlashlineException.badInput("The spool of " + session.chip().mac() + " holds more than its " + size + "-byte flash",
                    "Keep that file (spool/ in the data folder): move it aside to run the device.");
        }
        session.log("backup: " + earlier.length + " bytes of the old flash from an earlier run's spool, the rest from the device");
        long start = System.nanoTime();
        byte[] old = Arrays.copyOf(earlier, size);
        if (earlier.length < size) {
            ResumableRead.Result rest = new ResumableRead(session, progress).read(earlier.length, size - earlier.length);
            System.arraycopy(rest.bytes(), 0, old, earlier.length, rest.bytes().length);
        }
        return new Outcome(old, new ReadResult(0, size, Flasher.hex(Digests.sha256().digest(old)),
                (System.nanoTime() - start) / 1e9, size - earlier.length), null);
    }

    /** After a broken session: what was kept, plus the rest read from the device (still its old content there). */
    private Outcome completed(byte[] old, int kept, FlashlineException failure, Recovery recovery, long start) {
        int size = old.length;
        if (!LineFaults.isLineFault(failure)) {
            throw failure; // the spool, the stub or the flash refused: nothing above what was kept was touched
        }
        recovery.recover(failure, String.format("at 0x%X", kept));
        try {
            if (kept < size) {
                ResumableRead.Result rest = new ResumableRead(session, progress).read(kept, size - kept);
                System.arraycopy(rest.bytes(), 0, old, kept, rest.bytes().length);
            }
        } catch (FlashlineException e) {
            e.addSuppressed(failure);
            throw e;
        }
        return new Outcome(old, new ReadResult(0, size, Flasher.hex(Digests.sha256().digest(old)),
                (System.nanoTime() - start) / 1e9, size), null);
    }
}

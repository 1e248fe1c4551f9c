package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.WriteBehindRead;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.transport.FaultyTransport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The image written behind the backup: the backup is the device's old flash byte for byte, the
 * flash ends up holding the image, and no block is erased before its old content was kept.
 */
class BackupWithWriteTest {
    private static final int BLOCK = 0x10000;
    private static final int SIZE = 1 << 20;

    @TempDir
    Path tmp;

    private static VirtualDevice stockSonoff(String mac, boolean flashlineStub) {
        return new VirtualDevice(VirtualDeviceConfig.builder().mac(mac).stockFlash(true).stubReadsCompressed(flashlineStub).build());
    }

    /** A firmware-sized image: compressible like code, not trivially. */
    private static byte[] image(int size) {
        byte[] image = new byte[size];
        Random random = new Random(11);
        for (int i = 0; i < size; i++) {
            image[i] = (byte) (i % 4 == 0 ? random.nextInt(256) : (i / 211) ^ (i >> 13));
        }
        image[0] = (byte) 0xE9;
        return image;
    }

    /** Keeps blocks as the spool would, and checks at each keep that the device has not touched that block or any after it. */
    private static final class CheckingKeeper implements WriteBehindRead.Keeper, BackupSpool {
        final VirtualDevice device;
        final byte[] old;
        byte[] earlier;
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final List<String> violations = new ArrayList<>();

        CheckingKeeper(VirtualDevice device) {
            this.device = device;
            this.old = device.flash().snapshot();
        }

        @Override
        public WriteBehindRead.Keeper open(String mac) {
            return this;
        }

        @Override
        public byte[] earlier(String mac) {
            return earlier;
        }

        @Override
        public void keep(int offset, byte[] data, int from, int length) {
            assertEquals(kept.size(), offset, "kept in order");
            kept.write(data, from, length);
            byte[] now = device.flash().snapshot();
            if (!Arrays.equals(now, offset, SIZE, old, offset, SIZE)) {
                violations.add(String.format("flash at or after 0x%X changed before that block was kept", offset));
            }
        }
    }

    private ConnectOptions options() throws Exception {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withStub(TestStubs.write(tmp), false);
    }

    @Test
    void theImageGoesBehindTheBackupAndNoBlockIsErasedBeforeItIsKept() throws Exception {
        VirtualDevice device = stockSonoff("18:fe:34:00:01:01", true);
        byte[] old = device.flash().snapshot();
        byte[] image = image(600_000);
        CheckingKeeper keeper = new CheckingKeeper(device);
        BackupWithWrite.Outcome done;
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> device.connect())) {
            done = new BackupWithWrite(s, Progress.NONE).run(KnownContent.NONE, image, 0, keeper);
        }
        assertArrayEquals(old, done.backup(), "the backup is the old flash");
        assertNotNull(done.write(), "the image went behind the backup");
        byte[] now = device.flash().snapshot();
        assertArrayEquals(image, Arrays.copyOf(now, image.length));
        int imageSectorsEnd = (image.length + 0xFFF) / 0x1000 * 0x1000;
        assertTrue(allFF(now, image.length, imageSectorsEnd), "the rest of the image's last sector is erased");
        assertArrayEquals(Arrays.copyOfRange(old, imageSectorsEnd, SIZE), Arrays.copyOfRange(now, imageSectorsEnd, SIZE),
                "beyond the image nothing changed");
        assertEquals(List.of(), keeper.violations);
        assertEquals(10 * BLOCK, keeper.kept.size(), "every block the image overlaps was kept");
        assertArrayEquals(Arrays.copyOf(old, 10 * BLOCK), keeper.kept.toByteArray());
        assertTrue(done.read().transferredBytes() < SIZE, "the old flash came compressed: " + done.read().transferredBytes());
    }

    @Test
    void withAnyOtherStubTheBackupIsPlainAndTheImageIsLeftForTheWrite() throws Exception {
        VirtualDevice device = stockSonoff("18:fe:34:00:01:02", false);
        byte[] old = device.flash().snapshot();
        CheckingKeeper keeper = new CheckingKeeper(device);
        BackupWithWrite.Outcome done;
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> device.connect())) {
            done = new BackupWithWrite(s, Progress.NONE).run(KnownContent.NONE, image(300_000), 0, keeper);
        }
        assertArrayEquals(old, done.backup());
        assertNull(done.write());
        assertArrayEquals(old, device.flash().snapshot(), "nothing was written");
    }

    @Test
    void whereTheStationHoldsMostOfTheFlashOnlyTheRestIsReadAndTheImageWaits() throws Exception {
        VirtualDevice first = stockSonoff("18:fe:34:00:01:03", true);
        VirtualDevice next = stockSonoff("18:fe:34:00:01:04", true);
        byte[] old = next.flash().snapshot();
        BackupWithWrite.Outcome done;
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> next.connect())) {
            done = new BackupWithWrite(s, Progress.NONE).run(KnownContent.blocksOf(first.flash().snapshot()), image(300_000), 0,
                    new CheckingKeeper(next));
        }
        assertArrayEquals(old, done.backup());
        assertNull(done.write());
        assertTrue(done.read().transferredBytes() < 64 * 1024, "bytes over the line: " + done.read().transferredBytes());
    }

    /** A fault on the line in the middle of the session: the backup is still the old flash, and the write finishes. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FLIP, FROM_DEVICE", "FLIP, TO_DEVICE", "DROP, FROM_DEVICE", "DROP, TO_DEVICE", "STALL, FROM_DEVICE",
            "PULL, FROM_DEVICE", "PULL, TO_DEVICE"})
    void aLineFaultMidSessionLosesNothing(FaultyTransport.Fault.Kind kind, FaultyTransport.Fault.Direction direction) throws Exception {
        byte[] image = image(400_000);
        VirtualDevice probe = stockSonoff("18:fe:34:00:01:05", true);
        FaultyTransport[] clean = new FaultyTransport[1];
        FaultyTransport.Fault never = new FaultyTransport.Fault(kind, direction, Long.MAX_VALUE, 1);
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> clean[0] = new FaultyTransport(probe.connect(), never, 1))) {
            new BackupWithWrite(s, Progress.NONE).run(KnownContent.NONE, image, 0, new CheckingKeeper(probe));
        }
        long total = direction == FaultyTransport.Fault.Direction.FROM_DEVICE ? clean[0].bytesFromDevice() : clean[0].bytesToDevice();

        VirtualDevice device = stockSonoff("18:fe:34:00:01:05", true);
        byte[] old = device.flash().snapshot();
        CheckingKeeper keeper = new CheckingKeeper(device);
        FaultyTransport.Fault fault = new FaultyTransport.Fault(kind, direction, total / 2,
                kind == FaultyTransport.Fault.Kind.STALL ? 2500 : 4);
        FaultyTransport[] faulty = new FaultyTransport[1];
        try (FlashSession s = FlashSession.open(options(), m -> { },
                url -> faulty[0] == null ? faulty[0] = new FaultyTransport(device.connect(), fault, 1) : device.connect())) {
            BackupWithWrite.Outcome done = new BackupWithWrite(s, Progress.NONE).run(KnownContent.NONE, image, 0, keeper);
            assertArrayEquals(old, done.backup(), "the backup is the old flash");
            if (done.write() == null) {
                new Flasher(s, Progress.NONE).write(image, 0, new WriteOptions(true, "keep", "keep", false, false));
            }
        }
        assertTrue(faulty[0].fired(), "the fault was injected");
        assertEquals(List.of(), keeper.violations);
        assertArrayEquals(image, Arrays.copyOf(device.flash().snapshot(), image.length));
    }

    /** A run that stopped mid-write left a spool: the backup is its bytes, then the device's untouched rest. */
    @Test
    void anEarlierRunsSpoolStartsTheBackupAndTheDeviceGivesTheRest() throws Exception {
        VirtualDevice device = stockSonoff("18:fe:34:00:01:06", true);
        byte[] old = device.flash().snapshot();
        CheckingKeeper spool = new CheckingKeeper(device);
        spool.earlier = Arrays.copyOf(old, 3 * BLOCK);
        byte[] partlyWritten = image(3 * BLOCK);
        device.flash().load(0, partlyWritten); // what that run had written behind its backup
        BackupWithWrite.Outcome done;
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> device.connect())) {
            done = new BackupWithWrite(s, Progress.NONE).run(KnownContent.NONE, image(300_000), 0, spool);
        }
        assertArrayEquals(old, done.backup(), "the old flash: the spool's part and the device's rest");
        assertNull(done.write(), "the image is left for the write step");
        assertEquals(0, spool.kept.size(), "nothing new was spooled over the earlier run's bytes");
    }

    private static boolean allFF(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}

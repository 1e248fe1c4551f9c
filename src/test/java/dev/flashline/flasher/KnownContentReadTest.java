package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.digest.Digests;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.transport.FaultyTransport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Backups that take the blocks the host already holds: the result is always the device's flash. */
class KnownContentReadTest {
    private static final int BLOCK = 0x10000;

    @TempDir
    Path tmp;

    private static VirtualDevice stockSonoff(String mac) {
        return new VirtualDevice(VirtualDeviceConfig.builder().mac(mac).stockFlash(true).build());
    }

    private FlashSession open(VirtualDevice device) throws Exception {
        return FlashSession.open(options(), m -> { }, url -> device.connect());
    }

    /** Known content built from another device's flash, 64 KB blocks by MD5; counts the blocks it hands out. */
    private static final class BlocksOf implements KnownContent {
        final Map<String, byte[]> blocks = new HashMap<>();
        int handedOut;

        BlocksOf(byte[] flash) {
            for (int at = 0; at < flash.length; at += BLOCK) {
                byte[] block = Arrays.copyOfRange(flash, at, at + BLOCK);
                blocks.put(HexFormat.of().formatHex(Digests.md5().digest(block)), block);
            }
        }

        @Override
        public byte[] find(byte[] md5, int length) {
            byte[] block = blocks.get(HexFormat.of().formatHex(md5));
            if (block != null) {
                handedOut++;
            }
            return block;
        }
    }

    @Test
    void theNextDeviceOfAModelCarriesOnlyItsOwnBlocksOverTheLine() throws Exception {
        VirtualDevice first = stockSonoff("18:fe:34:00:00:01");
        VirtualDevice next = stockSonoff("18:fe:34:00:00:02");
        BlocksOf known = new BlocksOf(first.flash().snapshot());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReadResult r;
        try (FlashSession s = open(next)) {
            r = new Flasher(s, Progress.NONE).read(0, 1 << 20, out, known);
        }
        byte[] flash = next.flash().snapshot();
        assertArrayEquals(flash, out.toByteArray());
        assertEquals(Digests.sha256Hex(flash), r.sha256());
        // Firmware and blank blocks came from the first device's backup; the config and calibration blocks differ per MAC.
        assertTrue(known.handedOut >= 12 && known.handedOut < 16, "blocks taken from the known content: " + known.handedOut);
        assertTrue(r.transferredBytes() < 64 * 1024, "bytes over the line: " + r.transferredBytes());
    }

    @Test
    void aCandidateThatIsNotTheDevicesContentIsFoundAndReadAgain() throws Exception {
        VirtualDevice device = stockSonoff("18:fe:34:00:00:03");
        byte[] flash = device.flash().snapshot();
        // A lying store: for the block at 0x10000 it hands out other bytes under the device's MD5.
        byte[] wrong = Arrays.copyOfRange(flash, 0x10000, 0x20000);
        wrong[100] ^= 0x01;
        BlocksOf known = new BlocksOf(flash);
        known.blocks.put(HexFormat.of().formatHex(Digests.md5().digest(Arrays.copyOfRange(flash, 0x10000, 0x20000))), wrong);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlashSession s = open(device)) {
            new Flasher(s, Progress.NONE).read(0, 1 << 20, out, known);
        }
        assertArrayEquals(flash, out.toByteArray());
    }

    /** A fault on the line in the middle of such a backup (MD5 questions and the reads between them): still the device's flash. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FLIP, FROM_DEVICE", "FLIP, TO_DEVICE", "DROP, FROM_DEVICE", "STALL, FROM_DEVICE", "PULL, FROM_DEVICE"})
    void aLineFaultDuringAKnownContentReadIsRecovered(FaultyTransport.Fault.Kind kind, FaultyTransport.Fault.Direction direction)
            throws Exception {
        VirtualDevice first = stockSonoff("18:fe:34:00:00:05");
        VirtualDevice next = stockSonoff("18:fe:34:00:00:06");
        KnownContent known = KnownContent.blocksOf(first.flash().snapshot());
        // The bytes a clean session moves each way, to put the fault well inside the read.
        FaultyTransport[] clean = new FaultyTransport[1];
        FaultyTransport.Fault never = new FaultyTransport.Fault(kind, direction, Long.MAX_VALUE, 1);
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> clean[0] = new FaultyTransport(next.connect(), never, 1))) {
            new Flasher(s, Progress.NONE).read(0, 1 << 20, new ByteArrayOutputStream(), known);
        }
        long total = direction == FaultyTransport.Fault.Direction.FROM_DEVICE ? clean[0].bytesFromDevice() : clean[0].bytesToDevice();
        FaultyTransport.Fault fault = new FaultyTransport.Fault(kind, direction, total * 7 / 10, kind == FaultyTransport.Fault.Kind.STALL ? 2500 : 4);
        FaultyTransport[] faulty = new FaultyTransport[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlashSession s = FlashSession.open(options(), m -> { },
                url -> faulty[0] == null ? faulty[0] = new FaultyTransport(next.connect(), fault, 1) : next.connect())) {
            new Flasher(s, Progress.NONE).read(0, 1 << 20, out, known);
        }
        assertTrue(faulty[0].fired(), "the fault was injected");
        assertArrayEquals(next.flash().snapshot(), out.toByteArray());
    }

    private ConnectOptions options() throws Exception {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withStub(TestStubs.write(tmp), false);
    }

    @Test
    void withNothingKnownEveryByteIsRead() throws Exception {
        VirtualDevice device = stockSonoff("18:fe:34:00:00:04");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlashSession s = open(device)) {
            new Flasher(s, Progress.NONE).read(0, 1 << 20, out, KnownContent.NONE);
        }
        assertArrayEquals(device.flash().snapshot(), out.toByteArray());
    }
}

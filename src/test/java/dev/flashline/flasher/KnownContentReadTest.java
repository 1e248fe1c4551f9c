package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.digest.Digests;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups that take the blocks the host already holds: the result is always the device's flash. */
class KnownContentReadTest {
    private static final int BLOCK = 0x10000;

    @TempDir
    Path tmp;

    private static VirtualDevice stockSonoff(String mac) {
        return new VirtualDevice(VirtualDeviceConfig.builder().mac(mac).stockFlash(true).build());
    }

    private FlashSession open(VirtualDevice device) throws Exception {
        ConnectOptions options = ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET)
                .withAfter(AfterAction.NO_RESET).withStub(TestStubs.write(tmp), false);
        return FlashSession.open(options, m -> { }, url -> device.connect());
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

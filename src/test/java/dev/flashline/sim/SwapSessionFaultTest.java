package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Line faults during a READ_WRITE_DEFL session: whatever happens, flash the host has not backed up stays. */
class SwapSessionFaultTest {
    private static final int MB = 1 << 20;
    private static final int READ = 0x60000;

    private static SwapHost runWith(VirtualDevice dev, long stallMillis) throws Exception {
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = new SwapHost(host, 0, READ, 0, StubLoaderTest.randomImage(300_000, 21));
        swap.frame = 2048;
        swap.inFlight = 4;
        assertEquals(0, swap.start());
        swap.runToEnd(stallMillis);
        return swap;
    }

    /** Nothing at or above what the host holds as backed up has changed. */
    private static void untouchedAboveFrontier(byte[] before, VirtualDevice dev, SwapHost swap) {
        int from = (int) (swap.readOffset + swap.frontier);
        assertTrue(from < swap.writeOffset + swap.image.length, "the fault hit before the write was done: " + from);
        assertArrayEquals(Arrays.copyOfRange(before, from, MB), Arrays.copyOfRange(dev.flash().snapshot(), from, MB));
    }

    @Test
    void aLinkThatDropsMidSessionLeavesTheUnreadFlashAlone() throws Exception {
        VirtualDevice dev = SwapSessionTest.device(VirtualDeviceConfig.builder().fault(Fault.dropAfterBytes(40_000)));
        byte[] before = dev.flash().snapshot();
        SwapHost swap = runWith(dev, 2000);
        assertTrue(swap.closed, "link closed");
        untouchedAboveFrontier(before, dev, swap);
        dev.powerOff();
    }

    @Test
    void aCorruptedByteNeverReachesTheUnreadFlashOrTheBackup() throws Exception {
        VirtualDevice dev = SwapSessionTest.device(VirtualDeviceConfig.builder().fault(Fault.corruptRxByte(40_000)));
        byte[] before = dev.flash().snapshot();
        SwapHost swap = runWith(dev, 1000);
        System.out.println("corrupted byte 40000 to the device: X=" + swap.failure + " F=" + swap.finishStatus
                + " W answers=" + swap.writtenAnswers.size() + " frontier=" + swap.frontier
                + " image intact=" + Arrays.equals(swap.image, dev.flash().read(0, swap.image.length)));
        int from = (int) (swap.readOffset + swap.frontier);
        assertArrayEquals(Arrays.copyOfRange(before, from, MB), Arrays.copyOfRange(dev.flash().snapshot(), from, MB));
        if (swap.md5 != null) {
            assertArrayEquals(Arrays.copyOf(before, READ), swap.backup(), "the backup direction is not affected");
            assertArrayEquals(StubLoaderTest.md5(Arrays.copyOf(before, READ)), swap.md5);
        }
        swap.host.sync(); // the stub is back in its command loop (or never left it)
        assertEquals(0, swap.host.command(0x13, HostSide.words(0, 4096, 0, 0)).status0());
        swap.host.transport.close();
    }
}

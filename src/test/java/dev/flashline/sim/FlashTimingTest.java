package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flash work takes the time a real chip needs; only lower bounds are asserted (no speed targets). */
class FlashTimingTest {
    /** A made-up part whose figures tell the erase kinds apart: a block erase is slow, a sector fast. */
    private static final FlashTiming SLOW_BLOCKS = new FlashTiming("test part", 0xC8, 0x40, 0x14,
            2.0, 1, 600, 400, 1000, 1000, 1000);

    @Test
    void onByDefaultWithTheLineRateModelByJedecId() {
        assertEquals(Optional.of(FlashTiming.GD25Q80), VirtualDeviceConfig.builder().throttle(true).build().flashTiming());
        assertEquals(Optional.of(FlashTiming.W25Q80),
                VirtualDeviceConfig.builder().throttle(true).jedec(0xEF, 0x40).build().flashTiming());
        assertEquals(Optional.of(FlashTiming.P25Q80),
                VirtualDeviceConfig.builder().throttle(true).jedec(0x85, 0x60).build().flashTiming());
        assertEquals(Optional.empty(), VirtualDeviceConfig.builder().build().flashTiming(), "instant without --line-rate");
        assertEquals(Optional.empty(), VirtualDeviceConfig.builder().throttle(true).flashTiming(false).build().flashTiming());
        assertEquals(FlashTiming.GD25Q40, FlashTiming.forJedecOrDefault(0xC8, 0x40, 0x13));
        assertEquals(FlashTiming.GD25Q80, FlashTiming.forJedecOrDefault(0x20, 0x71, 0x14), "unknown part: slowest common one");
    }

    @Test
    void chipEraseRegionEraseAndPageProgramsTakeTheirTime() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().flashTiming(SLOW_BLOCKS).build());
        HostSide host = StubLoaderTest.intoStub(dev);

        long t = System.nanoTime();
        assertEquals(0, host.command(0xD0, new byte[0]).status0());
        assertAtLeast(400, t, "ERASE_FLASH: chip erase");

        t = System.nanoTime();
        assertEquals(0, host.command(0xD1, HostSide.words(0x10000, 0x10000)).status0());
        assertAtLeast(600, t, "ERASE_REGION of an aligned 64 KB block: one block erase");

        t = System.nanoTime();
        byte[] image = StubLoaderTest.randomImage(64 * 1024, 3);
        StubLoaderTest.deflWrite(host, image, 0x40000);
        assertAtLeast(600 + 256 * 2, t, "64 KB write: a block erase and 256 page programs");
        host.transport.close();
    }

    @Test
    void romFlashBeginErasesByBlocksWhereAligned() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().flashTiming(SLOW_BLOCKS).build());
        HostSide host = new HostSide(dev.connect());
        host.sync();
        long t = System.nanoTime();
        // 16 sectors from a block boundary: the ROM's erase-size quirk makes it 32, i.e. two blocks
        assertEquals(0, host.command(0x02, HostSide.words(0x10000, 16, 0x1000, 0x20000)).status1());
        assertAtLeast(2 * 600, t, "FLASH_BEGIN: block erases");
        host.transport.close();
    }

    private static void assertAtLeast(long millis, long startNanos, String what) {
        long took = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(took >= millis, what + " took " + took + " ms, a real chip needs at least " + millis);
    }
}

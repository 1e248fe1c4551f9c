package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** READ_WRITE_DEFL on the virtual device, driven by a host written from SWAP.md. */
class SwapSessionTest {
    private static final int MB = 1 << 20;

    static VirtualDevice device(VirtualDeviceConfig.Builder b) {
        return new VirtualDevice(b.stockFirmware(StockFlash.build(MB, VirtualDeviceConfig.defaultMac(7))).build());
    }

    @Test
    void writesTheImageBehindTheReadAndBacksUpTheOldFlash() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        byte[] image = StubLoaderTest.randomImage(200_000, 3);
        int readOffset = 0x8000;
        int readLength = 0x50000;
        int writeOffset = 0x10000;
        SwapHost swap = new SwapHost(host, readOffset, readLength, writeOffset, image);
        swap.frame = 1000;
        swap.inFlight = 3;
        assertEquals(0, swap.start());
        assertTrue(swap.runToEnd(3000), "session stalled");
        assertNull(swap.failure, "no X");
        assertEquals(0, swap.finishStatus, "F: image complete");
        assertTrue(swap.writtenAnswers.stream().allMatch(w -> w[0] == 0), "every W ok");
        long lastCount = swap.writtenAnswers.get(swap.writtenAnswers.size() - 1)[1];
        assertTrue(lastCount <= image.length && lastCount > image.length - 4096, "last W counts what is written: " + lastCount);
        byte[] oldRange = Arrays.copyOfRange(before, readOffset, readOffset + readLength);
        assertArrayEquals(oldRange, swap.backup(), "backup is the flash before the session");
        assertArrayEquals(StubLoaderTest.md5(oldRange), swap.md5, "M: MD5 of the read range before");
        byte[] after = dev.flash().snapshot();
        assertArrayEquals(image, Arrays.copyOfRange(after, writeOffset, writeOffset + image.length));
        int end = writeOffset + image.length;
        int sectorEnd = (end + 4095) / 4096 * 4096;
        assertTrue(StubLoaderTest.allFf(Arrays.copyOfRange(after, end, sectorEnd)), "rest of the last sector erased");
        assertArrayEquals(Arrays.copyOf(before, writeOffset), Arrays.copyOf(after, writeOffset), "below the image untouched");
        assertArrayEquals(Arrays.copyOfRange(before, sectorEnd, MB), Arrays.copyOfRange(after, sectorEnd, MB), "above untouched");
        // back in the command loop
        assertArrayEquals(StubLoaderTest.md5(image), StubLoaderTest.flashMd5(host, writeOffset, image.length));
        host.transport.close();
    }

    @Test
    void requestChecksUseTheStubCodes() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        HostSide host = StubLoaderTest.intoStub(dev);
        assertEquals(0xC0, status(host, HostSide.words(0, 0x10000, 4096, 8, 0, 100, 4096)), "31 bytes... 28: length");
        assertEquals(0xC0, status(host, HostSide.words(0x800, 0x10000, 4096, 8, 0x1000, 100, 4096, 0)), "misaligned read");
        assertEquals(0xC0, status(host, HostSide.words(0, 0x10000, 4096, 8, 0x800, 100, 4096, 0)), "misaligned write");
        assertEquals(0xC0, status(host, HostSide.words(0, 0x10000, 4096, 8, 0x8000, 0x9000, 4096, 0)), "write past the read");
        assertEquals(0xC0, status(host, HostSide.words(0x1000, 0x10000, 4096, 8, 0, 100, 4096, 0)), "write before the read");
        assertEquals(0xC0, status(host, HostSide.words(0, 0, 4096, 8, 0, 100, 4096, 0)), "empty read");
        assertEquals(0xC2, status(host, HostSide.words(0, 0x10000, 0, 8, 0, 100, 4096, 0)), "frame 0");
        assertEquals(0xC2, status(host, HostSide.words(0, 0x10000, 4096, 8, 0, 100, 4097, 0)), "write frame too big");
        assertEquals(0xC4, status(host, HostSide.words(0xF0000, 0x20000, 4096, 8, 0xF0000, 100, 4096, 0)), "past the chip");
        assertEquals(0, host.command(0x13, HostSide.words(0, 4096, 0, 0)).status0(), "still in the command loop");
        host.transport.close();
    }

    private static int status(HostSide host, byte[] request) throws Exception {
        HostSide.Response r = host.command(Opcodes.READ_WRITE_DEFL, request);
        assertNotNull(r);
        assertEquals(2, r.size());
        return r.status0();
    }

    @Test
    void esptoolsStubAnswersAsToAnyUnknownCommand() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder().stubReadsCompressed(false));
        HostSide host = StubLoaderTest.intoStub(dev);
        int unknown = host.command(0x0E, HostSide.words(0, 0)).status0();
        SwapHost swap = new SwapHost(host, 0, 0x10000, 0, new byte[100]);
        assertEquals(unknown, swap.start());
        assertEquals(0xFF, unknown);
        assertNull(host.frame(200), "no session frames");
        host.transport.close();
    }
}

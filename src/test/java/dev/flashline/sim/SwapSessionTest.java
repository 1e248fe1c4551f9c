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

    /** in_flight counts 'R' frames (short ones too) and is clamped to 8; 'M' waits for the last acknowledgement. */
    @Test
    void theReadWindowCountsFramesUpToEight() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = new SwapHost(host, 0, 0x40000, 0, new byte[100]);
        swap.frame = 64;
        swap.inFlight = 20;
        assertEquals(0, swap.start());
        long total = 0;
        for (int i = 0; i < 8; i++) {
            byte[] f = host.frame(2000);
            assertNotNull(f, "frame " + (i + 1));
            assertEquals('R', f[0]);
            assertEquals(65, f.length, "full frames of 64 compressed bytes");
            total += f.length - 1;
        }
        assertNull(host.frame(300), "a ninth frame before any acknowledgement");
        swap.send('a', HostSide.words(total + 1)); // more than was sent: ignored
        assertNull(host.frame(300), "still none");
        swap.send('a', HostSide.words(64));
        byte[] next = host.frame(2000);
        assertNotNull(next, "one acknowledged frame frees one place");
        assertNull(host.frame(300), "and only one");
        host.transport.close();
    }

    @Test
    void requestChecksUseTheStubCodes() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        HostSide host = StubLoaderTest.intoStub(dev);
        assertEquals(0xC0, status(host, HostSide.words(0, 0x10000, 4096, 8, 0, 100, 4096)), "28 bytes instead of 32");
        assertEquals(0xC0, status(host, HostSide.words(0x800, 0x10000, 4096, 8, 0x1000, 100, 4096, 0)), "misaligned read");
        assertEquals(0xC0, status(host, HostSide.words(0, 0x10000, 4096, 8, 0x800, 100, 4096, 0)), "misaligned write");
        assertEquals(0xC0, status(host, HostSide.words(0, 0x10000, 4096, 8, 0x8000, 0x9000, 4096, 0)), "write past the read");
        assertEquals(0xC0, status(host, HostSide.words(0x1000, 0x10000, 4096, 8, 0, 100, 4096, 0)), "write before the read");
        assertEquals(0xC4, status(host, HostSide.words(0, 0, 4096, 8, 0xFF000, 0x1001, 4096, 0)), "a write alone past the chip");
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

    /** One CPU: while it erases a 64 KiB block (280 ms on this chip) the backup stream stops, then resumes. */
    @Test
    void anEraseStallsTheReadStream() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder().throttle(true).bootJunk(false).initialBaud(BAUD));
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = new SwapHost(host, 0, 0x40000, 0, new byte[0x10000]);
        swap.frame = 1024;
        assertEquals(0, swap.start());
        assertTrue(swap.pumpUntil(() -> swap.frontier >= 0x10000, 5000));
        swap.send('e', SwapHost.erase(0, 0x10000));
        long last = System.nanoTime();
        long longestGap = 0;
        while (swap.writtenAnswers.isEmpty()) {
            byte[] f = swap.pump(3000);
            assertNotNull(f, "W for the erase");
            long now = System.nanoTime();
            longestGap = Math.max(longestGap, now - last);
            last = now;
        }
        assertEquals(0, swap.writtenAnswers.get(0)[0]);
        assertTrue(longestGap > 200_000_000L, "read frames stop during the erase; longest gap " + longestGap / 1_000_000 + " ms");
        long before = System.nanoTime();
        assertNotNull(swap.pump(1000), "the read stream resumes");
        assertTrue(System.nanoTime() - before < 250_000_000L, "right after the erase");
        host.transport.close();
    }

    /**
     * With the line rate and flash timing on, one session beats the compressed read followed by the
     * compressed write (the figures are printed; only a loose inequality is asserted).
     */
    @Test
    void aSessionIsFasterThanTheReadThenTheWrite() throws Exception {
        int readLength = 0x40000;
        // a firmware-like image that compresses about as badly as the backup: the case the swap is for
        byte[] image = Arrays.copyOfRange(StockFlash.build(MB, VirtualDeviceConfig.defaultMac(8)), 0x1000, 0x1000 + 160_000);
        VirtualDeviceConfig.Builder line = VirtualDeviceConfig.builder().throttle(true).bootJunk(false).initialBaud(BAUD);

        VirtualDevice sequentialDevice = device(line);
        byte[] before = sequentialDevice.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(sequentialDevice);
        long t0 = System.nanoTime();
        byte[] backup = compressedRead(host, 0, readLength, 4096, 8);
        long t1 = System.nanoTime();
        StubLoaderTest.deflWrite(host, image, 0);
        long t2 = System.nanoTime();
        host.transport.close();
        assertArrayEquals(Arrays.copyOf(before, readLength), backup);
        assertArrayEquals(image, sequentialDevice.flash().read(0, image.length));

        VirtualDevice swapDevice = device(line);
        host = StubLoaderTest.intoStub(swapDevice);
        SwapHost swap = new SwapHost(host, 0, readLength, 0, image);
        long t3 = System.nanoTime();
        assertEquals(0, swap.start());
        assertTrue(swap.runToEnd(5000), "session stalled");
        long t4 = System.nanoTime();
        host.transport.close();
        assertEquals(0, swap.finishStatus);
        assertArrayEquals(Arrays.copyOf(before, readLength), swap.backup());
        assertArrayEquals(image, swapDevice.flash().read(0, image.length));

        double read = (t1 - t0) / 1e9;
        double write = (t2 - t1) / 1e9;
        double session = (t4 - t3) / 1e9;
        System.out.printf("swap timing at %d baud: read %d KiB (%d B compressed) %.2f s + write %d B (%d B compressed) %.2f s"
                + " = %.2f s sequential; one session %.2f s (%.0f %%)%n", BAUD, readLength / 1024, swap.received, read,
                image.length, swap.compressedImageLength(), write, read + write, session, 100 * session / (read + write));
        assertTrue(session < 0.85 * (read + write), "session " + session + " s vs sequential " + (read + write) + " s");
    }

    private static final int BAUD = 460800;

    /** READ_FLASH_DEFL as a host does it: acknowledge every frame with the compressed total, inflate, check the MD5. */
    static byte[] compressedRead(HostSide host, int offset, int length, int frame, int inFlight) throws Exception {
        assertEquals(0, host.command(Opcodes.READ_FLASH_DEFL, HostSide.words(offset, length, frame, inFlight)).status0());
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        byte[] out = new byte[length];
        int got = 0;
        long total = 0;
        while (!inflater.finished()) {
            byte[] f = host.frame(5000);
            assertNotNull(f, "data frame after " + total + " compressed bytes");
            total += f.length;
            host.sendFrame(HostSide.words(total));
            inflater.setInput(f);
            while (!inflater.needsInput() && !inflater.finished()) {
                got += inflater.inflate(out, got, length - got);
            }
        }
        assertEquals(length, got);
        assertArrayEquals(StubLoaderTest.md5(out), host.frame(5000), "MD5 frame");
        return out;
    }
}

package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.protocol.Slip;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** READ_WRITE_DEFL's invariants: nothing erased or written that is not backed up; bad frames end the session. */
class SwapSessionErrorsTest {
    private static final int MB = 1 << 20;
    private static final int KB64 = 0x10000;

    private static VirtualDevice device(VirtualDeviceConfig.Builder b) {
        return SwapSessionTest.device(b);
    }

    private static SwapHost session(HostSide host, int writeOffset) throws Exception {
        SwapHost swap = new SwapHost(host, 0, 0x40000, writeOffset, StubLoaderTest.randomImage(200_000, 11));
        swap.frame = 1024;
        swap.inFlight = 2;
        assertEquals(0, swap.start());
        return swap;
    }

    @Test
    void eraseAheadOfTheFrontierEndsWithNotBackedUpAndErasesNothing() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        assertTrue(swap.pumpUntil(() -> swap.frontier >= KB64, 2000));
        // our acknowledgement of the first sync point went out just before: the device's frontier is 64 KiB
        swap.send('e', SwapHost.erase(0, 2 * KB64));
        assertTrue(swap.pumpUntil(() -> swap.failure != null, 2000), "X expected");
        assertEquals(StubErrors.NOT_BACKED_UP, swap.failure);
        assertTrue(swap.writtenAnswers.isEmpty(), "no W");
        assertArrayEquals(before, dev.flash().snapshot(), "nothing erased, not even below the frontier");
        assertEquals(0, host.command(0x13, HostSide.words(0, 4096, 0, 0)).status0(), "back in the command loop");
        host.transport.close();
    }

    @Test
    void writingPastTheErasedRangeEndsWithNotBackedUpAndLeavesTheRestAlone() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        assertTrue(swap.pumpUntil(() -> swap.frontier >= KB64, 2000));
        swap.send('e', SwapHost.erase(0, KB64));
        assertTrue(swap.pumpUntil(() -> !swap.writtenAnswers.isEmpty(), 2000));
        assertEquals(0, swap.writtenAnswers.get(0)[0], "erase below the frontier is fine");
        swap.sendDataUpTo(swap.compressedOffsetOf(KB64), 2000);
        assertNull(swap.failure, "the first 64 KiB are erased and backed up");
        swap.sendDataUpTo(swap.compressedOffsetOf(2 * KB64), 2000);
        assertEquals(StubErrors.NOT_BACKED_UP, swap.failure, "bytes beyond the erased range");
        byte[] after = dev.flash().snapshot();
        assertArrayEquals(Arrays.copyOf(swap.image, KB64), Arrays.copyOf(after, KB64), "what was allowed is written");
        assertArrayEquals(Arrays.copyOfRange(before, KB64, MB), Arrays.copyOfRange(after, KB64, MB), "nothing beyond");
        host.transport.close();
    }

    @Test
    void dataBeforeAnyEraseIsRefused() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        assertTrue(swap.pumpUntil(() -> swap.frontier >= KB64, 2000));
        swap.sendDataUpTo(swap.compressedOffsetOf(4096), 2000);
        assertEquals(StubErrors.NOT_BACKED_UP, swap.failure);
        assertArrayEquals(before, dev.flash().snapshot());
        host.transport.close();
    }

    @Test
    void eraseOutsideTheWriteRegionIsABadLength() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0x8000);
        assertTrue(swap.pumpUntil(() -> swap.frontier >= KB64, 2000));
        swap.send('e', SwapHost.erase(0x4000, 0x1000)); // backed up, but below the image
        assertTrue(swap.pumpUntil(() -> !swap.writtenAnswers.isEmpty(), 2000));
        assertEquals(StubErrors.BAD_DATA_LEN, swap.writtenAnswers.get(0)[0]);
        assertTrue(swap.over(), "a W with an error ends the session");
        assertArrayEquals(before, dev.flash().snapshot());
        host.transport.close();
    }

    @Test
    void anEraseDamagedOnTheLineErasesNothing() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        assertTrue(swap.pumpUntil(() -> swap.frontier >= KB64, 2000));
        byte[] e = SwapHost.erase(0, 0x1000);
        e[0] ^= 0x01; // the checksum no longer matches the address and length
        swap.send('e', e);
        assertTrue(swap.pumpUntil(() -> !swap.writtenAnswers.isEmpty(), 2000));
        assertEquals(StubErrors.BAD_DATA_CHECKSUM, swap.writtenAnswers.get(0)[0]);
        assertTrue(swap.over(), "a W with an error ends the session");
        assertArrayEquals(before, dev.flash().snapshot());
        host.transport.close();
    }

    @Test
    void aCommandFrameMidSessionLeavesSilentlyAndTheNextCommandWorks() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        assertTrue(swap.pumpUntil(() -> swap.received >= 4096, 2000));
        host.send(0x08, HostSide.syncPayload()); // a host that gave up
        assertNull(host.response(0x08, 300), "that SYNC is dropped with the session");
        host.sync();
        assertNull(host.frame(200), "no more session frames");
        assertEquals(0xFFF0C101L, host.readReg(0x40001000L).value());
        assertArrayEquals(before, dev.flash().snapshot());
        host.transport.close();
    }

    /** Raw DEFLATE has no check: a 'd' frame damaged on the line must be refused before it is inflated. */
    @Test
    void aDataFrameWithAWrongChecksumEndsWithBadChecksumAndWritesNothing() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        swap.damageData = true;
        assertTrue(swap.pumpUntil(() -> swap.frontier >= KB64, 2000));
        swap.send('e', SwapHost.erase(0, KB64));
        assertTrue(swap.pumpUntil(() -> !swap.writtenAnswers.isEmpty(), 2000));
        swap.sendDataUpTo(swap.compressedOffsetOf(KB64), 2000);
        long[] last = swap.writtenAnswers.get(swap.writtenAnswers.size() - 1);
        assertEquals(StubErrors.BAD_DATA_CHECKSUM, last[0], "W 0xC1");
        assertEquals(0, last[1], "nothing written");
        assertTrue(StubLoaderTest.allFf(Arrays.copyOf(dev.flash().snapshot(), KB64)), "only the erase happened");
        assertEquals(0, host.command(0x13, HostSide.words(0, 4096, 0, 0)).status0(), "back in the command loop");
        host.transport.close();
    }

    @Test
    void aThirdUnansweredFrameOverflowsTheReceiveBuffers() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder());
        byte[] before = dev.flash().snapshot();
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = session(host, 0);
        ByteArrayOutputStream three = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            three.write(Slip.encode(new byte[] {'d', (byte) 0xEE, 2, 3}));
        }
        host.sendRaw(three.toByteArray());
        assertTrue(swap.pumpUntil(() -> swap.failure != null, 2000));
        assertEquals(StubErrors.RX_OVERFLOW, swap.failure);
        assertTrue(swap.writtenAnswers.isEmpty());
        assertArrayEquals(before, dev.flash().snapshot());
        host.transport.close();
    }

    /** After an 'e' a host may send only 'a': a data frame during the erase overflows the 128-byte RX FIFO. */
    @Test
    void dataSentDuringAnEraseOverflowsTheRxFifo() throws Exception {
        VirtualDevice dev = device(VirtualDeviceConfig.builder().throttle(true).bootJunk(false).initialBaud(460800));
        HostSide host = StubLoaderTest.intoStub(dev);
        SwapHost swap = new SwapHost(host, 0, KB64, 0, StubLoaderTest.randomImage(KB64, 12));
        assertEquals(0, swap.start());
        assertTrue(swap.pumpUntil(() -> swap.md5 != null, 5000), "whole read backed up");
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(Slip.encode(concat(new byte[] {'e'}, SwapHost.erase(0, KB64))));
        both.write(Slip.encode(concat(new byte[] {'d'}, new byte[2048])));
        host.sendRaw(both.toByteArray());
        assertTrue(swap.pumpUntil(() -> swap.failure != null, 3000), "X expected");
        assertEquals(StubErrors.RX_OVERFLOW, swap.failure);
        host.transport.close();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

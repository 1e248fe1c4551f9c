package dev.flashline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.transport.FaultyTransport.Fault;
import dev.flashline.transport.FaultyTransport.Fault.Direction;
import dev.flashline.transport.FaultyTransport.Fault.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaultyTransportTest {
    private static final byte[] DATA = "0123456789abcdefghij".getBytes();

    @Test
    void flipChangesExactlyTheChosenByteOnTheWayToTheDevice() throws IOException {
        Recording device = new Recording(new byte[0]);
        FaultyTransport t = new FaultyTransport(device, new Fault(Kind.FLIP, Direction.TO_DEVICE, 5, 1), 1);
        t.write(DATA);
        byte[] sent = device.written.toByteArray();
        assertEquals(DATA.length, sent.length);
        for (int i = 0; i < DATA.length; i++) {
            if (i == 5) {
                assertNotEquals(DATA[i], sent[i]);
            } else {
                assertEquals(DATA[i], sent[i], "byte " + i);
            }
        }
        assertTrue(t.fired());
    }

    @Test
    void dropDuplicateAndNoiseChangeTheLengthFromTheDevice() throws IOException {
        assertArrayEquals(without(DATA, 3, 2), readAll(new Fault(Kind.DROP, Direction.FROM_DEVICE, 3, 2)));
        byte[] dup = readAll(new Fault(Kind.DUPLICATE, Direction.FROM_DEVICE, 3, 2));
        assertEquals(DATA.length + 2, dup.length);
        assertArrayEquals(Arrays.copyOfRange(DATA, 3, 5), Arrays.copyOfRange(dup, 5, 7));
        byte[] noise = readAll(new Fault(Kind.NOISE, Direction.FROM_DEVICE, 3, 10));
        assertEquals(DATA.length + 10, noise.length);
        assertArrayEquals(Arrays.copyOfRange(DATA, 3, DATA.length), Arrays.copyOfRange(noise, 13, noise.length));
    }

    @Test
    void pullClosesTheLinkForGood() throws IOException {
        Recording device = new Recording(DATA);
        FaultyTransport t = new FaultyTransport(device, new Fault(Kind.PULL, Direction.TO_DEVICE, 4, 1), 1);
        t.write(Arrays.copyOf(DATA, 4));
        assertThrows(LinkClosedException.class, () -> t.write(DATA));
        assertThrows(LinkClosedException.class, () -> t.read(new byte[8], 0, 8, 10));
        assertTrue(device.closed);
    }

    @Test
    void stallHoldsBackTheBytesAfterTheFault() throws IOException {
        Recording device = new Recording(DATA);
        FaultyTransport t = new FaultyTransport(device, new Fault(Kind.STALL, Direction.FROM_DEVICE, 6, 300), 1);
        byte[] buffer = new byte[64];
        assertEquals(6, t.read(buffer, 0, buffer.length, 50));
        assertEquals(0, t.read(buffer, 0, buffer.length, 50), "nothing while stalled");
        long start = System.nanoTime();
        int n = 0;
        while (n == 0) {
            n = t.read(buffer, 0, buffer.length, 100);
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 150, "the rest came only after the stall");
        assertEquals(DATA.length - 6, n);
    }

    private static byte[] readAll(Fault fault) throws IOException {
        FaultyTransport t = new FaultyTransport(new Recording(DATA), fault, 7);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        int n;
        while ((n = t.read(buffer, 0, buffer.length, 10)) > 0) {
            got.write(buffer, 0, n);
        }
        return got.toByteArray();
    }

    private static byte[] without(byte[] data, int at, int count) {
        byte[] out = new byte[data.length - count];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, at + count, out, at, data.length - at - count);
        return out;
    }

    /** A device that has {@code toHost} to say and records what it is sent. */
    private static final class Recording implements Transport {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final byte[] toHost;
        private int position;
        boolean closed;

        Recording(byte[] toHost) {
            this.toHost = toHost;
        }

        @Override public String description() { return "recording"; }
        @Override public void write(byte[] data, int offset, int length) { written.write(data, offset, length); }
        @Override public int read(byte[] buffer, int offset, int length, long timeoutMillis) {
            int n = Math.min(length, toHost.length - position);
            System.arraycopy(toHost, position, buffer, offset, n);
            position += n;
            return n;
        }
        @Override public void setBaudRate(int baud) { }
        @Override public int baudRate() { return 115200; }
        @Override public boolean hasControlLines() { return false; }
        @Override public void setDtr(boolean asserted) { }
        @Override public void setRts(boolean asserted) { }
        @Override public void flushInput() { }
        @Override public void close() { closed = true; }
    }
}

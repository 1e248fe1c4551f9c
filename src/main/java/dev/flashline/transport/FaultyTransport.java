package dev.flashline.transport;

import java.io.IOException;
import java.util.Random;

/**
 * Wraps a transport and injects one fault into its byte stream when the chosen direction has
 * carried {@link Fault#atByte()} bytes: what a wiggling dupont wire, a browning-out hub or a noisy
 * ground does to a real bench. Used by tests and the fault campaign; never by the line itself.
 */
public final class FaultyTransport implements Transport {
    private final Transport inner;
    private final Fault fault;
    private final Random random;
    private long toDevice;
    private long fromDevice;
    private boolean fired;
    private boolean pulled;
    private long stallUntilNanos;
    /** Bytes queued for the host: duplicated or noise bytes injected into the device→host stream. */
    private byte[] pending = new byte[0];

    public FaultyTransport(Transport inner, Fault fault, long seed) {
        this.inner = inner;
        this.fault = fault;
        this.random = new Random(seed);
    }

    /** True once the fault has been applied. */
    public synchronized boolean fired() {
        return fired;
    }

    public Fault fault() {
        return fault;
    }

    /** Bytes the host has written so far, before any injected change. */
    public synchronized long bytesToDevice() {
        return toDevice;
    }

    /** Bytes the device has sent so far, before any injected change. */
    public synchronized long bytesFromDevice() {
        return fromDevice;
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        byte[] out;
        synchronized (this) {
            ensureConnected();
            out = fault.direction() == Fault.Direction.TO_DEVICE && !fired && toDevice + length > fault.atByte()
                    ? inject(data, offset, length, (int) (fault.atByte() - toDevice))
                    : java.util.Arrays.copyOfRange(data, offset, offset + length);
            toDevice += length;
        }
        waitOutStall();
        ensureConnected();
        inner.write(out, 0, out.length);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        if (stalled()) {
            sleepMillis(Math.min(timeoutMillis, (stallUntilNanos - System.nanoTime()) / 1_000_000 + 1));
            return 0;
        }
        synchronized (this) {
            ensureConnected();
            if (pending.length > 0) {
                return takePending(buffer, offset, length);
            }
        }
        int n = inner.read(buffer, offset, length, timeoutMillis);
        synchronized (this) {
            ensureConnected();
            if (n > 0 && fault.direction() == Fault.Direction.FROM_DEVICE && !fired && fromDevice + n > fault.atByte()) {
                int at = (int) (fault.atByte() - fromDevice);
                fromDevice += n;
                byte[] changed = inject(buffer, offset, n, at);
                if (pulled) {
                    throw closed();
                }
                if (stalled()) {
                    // the bytes from the fault on arrive only after the stall
                    pending = java.util.Arrays.copyOfRange(changed, at, changed.length);
                    System.arraycopy(changed, 0, buffer, offset, at);
                    return at;
                }
                pending = changed;
                return takePending(buffer, offset, length);
            }
            fromDevice += Math.max(0, n);
            return n;
        }
    }

    /** Applies the fault to {@code length} bytes at {@code at} and returns what travels instead. */
    private byte[] inject(byte[] data, int offset, int length, int at) {
        fired = true;
        byte[] before = java.util.Arrays.copyOfRange(data, offset, offset + at);
        byte[] rest = java.util.Arrays.copyOfRange(data, offset + at, offset + length);
        switch (fault.kind()) {
            case PULL -> {
                pulled = true;
                closeInnerQuietly();
                return before;
            }
            case FLIP -> rest[0] ^= (byte) (1 + random.nextInt(255));
            case NOISE -> {
                byte[] noise = new byte[fault.size()];
                random.nextBytes(noise);
                return concat(before, noise, rest);
            }
            case DROP -> rest = java.util.Arrays.copyOfRange(rest, Math.min(rest.length, fault.size()), rest.length);
            case DUPLICATE -> {
                byte[] again = java.util.Arrays.copyOfRange(rest, 0, Math.min(rest.length, fault.size()));
                return concat(before, again, rest);
            }
            case STALL -> stallUntilNanos = System.nanoTime() + fault.size() * 1_000_000L;
        }
        return concat(before, new byte[0], rest);
    }

    private int takePending(byte[] buffer, int offset, int length) {
        int n = Math.min(length, pending.length);
        System.arraycopy(pending, 0, buffer, offset, n);
        pending = java.util.Arrays.copyOfRange(pending, n, pending.length);
        return n;
    }

    private boolean stalled() {
        return System.nanoTime() < stallUntilNanos;
    }

    private void waitOutStall() {
        while (stalled()) {
            sleepMillis((stallUntilNanos - System.nanoTime()) / 1_000_000 + 1);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    private void ensureConnected() throws LinkClosedException {
        if (pulled) {
            throw closed();
        }
    }

    private LinkClosedException closed() {
        return new LinkClosedException("The link to " + inner.description() + " was pulled (injected fault)");
    }

    private void closeInnerQuietly() {
        try {
            inner.close();
        } catch (IOException ignored) {
            // the point is that it is gone
        }
    }

    @Override
    public void setBaudRate(int baud) throws IOException {
        ensureConnected();
        inner.setBaudRate(baud);
    }

    @Override
    public int baudRate() {
        return inner.baudRate();
    }

    @Override
    public boolean setsLineRate() {
        return inner.setsLineRate();
    }

    @Override
    public boolean hasControlLines() {
        return inner.hasControlLines();
    }

    @Override
    public void setDtr(boolean asserted) throws IOException {
        ensureConnected();
        inner.setDtr(asserted);
    }

    @Override
    public void setRts(boolean asserted) throws IOException {
        ensureConnected();
        inner.setRts(asserted);
    }

    @Override
    public void flushInput() throws IOException {
        synchronized (this) {
            ensureConnected();
            pending = new byte[0];
        }
        inner.flushInput();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }

    /**
     * One fault: what happens, in which direction, after how many bytes of that direction, and its
     * size (bytes for noise, drop and duplicate; milliseconds for a stall; unused otherwise).
     */
    public record Fault(Kind kind, Direction direction, long atByte, int size) {
        public enum Kind { PULL, FLIP, NOISE, DROP, DUPLICATE, STALL }

        public enum Direction { TO_DEVICE, FROM_DEVICE }

        /** A fault of the given kind at a random place within the first {@code span} bytes, sized as a bench would do it. */
        public static Fault random(Kind kind, Random random, long span) {
            Direction direction = random.nextBoolean() ? Direction.TO_DEVICE : Direction.FROM_DEVICE;
            long at = 16 + (long) (random.nextDouble() * Math.max(1, span - 16));
            int size = switch (kind) {
                case NOISE -> 4 + random.nextInt(60);
                case DROP, DUPLICATE -> 1 + random.nextInt(16);
                case STALL -> 2_000 + random.nextInt(4_000);
                case PULL, FLIP -> 1;
            };
            return new Fault(kind, direction, at, size);
        }

        @Override
        public String toString() {
            return kind.name().toLowerCase() + (direction == Direction.TO_DEVICE ? " host->device" : " device->host")
                    + " at byte " + atByte + (kind == Kind.PULL || kind == Kind.FLIP ? "" : " (" + size
                    + (kind == Kind.STALL ? " ms)" : " bytes)"));
        }
    }
}

package dev.flashline.sim;

import dev.flashline.protocol.Slip;
import dev.flashline.protocol.SlipDecoder;
import dev.flashline.transport.LinkClosedException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * The chip's UART as its firmware (ROM, stub, user code) sees it: raw reads and writes at the
 * device's baud rate, SLIP frames, and the receive-side faults (drop, corrupt).
 */
final class DevicePort {
    private final Link link;
    private final long dropAfter;
    private final long corruptAt;
    private final Deque<byte[]> frames = new ArrayDeque<>();
    private final SlipDecoder decoder;
    private long received;
    private int epoch;
    private int pendingFrameBaud;
    private int lastFrameBaud;

    DevicePort(Link link, long dropAfter, long corruptAt) {
        this.link = link;
        this.dropAfter = dropAfter;
        this.corruptAt = corruptAt;
        this.decoder = new SlipDecoder(frame -> {
            frames.add(frame);
            pendingFrameBaud = link.toDevice.lastSenderBaud();
        }, stray -> { });
        this.epoch = link.resetEpoch();
    }

    Link link() {
        return link;
    }

    /** Starts a new life after a reset: forget half-received frames and what arrived while held in reset. */
    void rebootClean() {
        epoch = link.resetEpoch();
        frames.clear();
        decoder.reset();
        link.toDevice.discardArrived();
    }

    boolean resetRequested() {
        return link.resetEpoch() != epoch;
    }

    /** Raw read; returns 0 on timeout. Throws ResetSignal or LinkClosedException. */
    int read(byte[] buf, int off, int len, long timeoutMillis) throws IOException {
        int n = link.toDevice.read(buf, off, len, timeoutMillis, link::deviceReceiveBaud, this::resetRequested);
        if (n == -2) {
            throw new ResetSignal();
        }
        for (int i = 0; i < n; i++) {
            received++;
            if (corruptAt > 0 && received == corruptAt) {
                buf[off + i] ^= 0x04;
            }
            if (dropAfter > 0 && received >= dropAfter) {
                link.close();
                return i + 1;
            }
        }
        return n;
    }

    /** Next SLIP frame, waiting up to timeoutMillis (negative: forever); null on timeout. */
    byte[] nextFrame(long timeoutMillis) throws IOException {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        byte[] buf = new byte[4096];
        while (frames.isEmpty()) {
            long left = deadline == Long.MAX_VALUE ? 60_000 : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            int n;
            try {
                n = read(buf, 0, buf.length, left);
            } catch (LinkClosedException e) {
                throw e;
            }
            decoder.feed(buf, 0, n);
        }
        lastFrameBaud = pendingFrameBaud;
        return frames.poll();
    }

    /** A frame whose bytes have all arrived, without waiting (a polling stub's look at its UART); null if none. */
    byte[] pollFrame() throws IOException {
        byte[] buf = new byte[4096];
        while (frames.isEmpty()) {
            int n = read(buf, 0, buf.length, 0);
            if (n <= 0) {
                return null;
            }
            decoder.feed(buf, 0, n);
        }
        lastFrameBaud = pendingFrameBaud;
        return frames.poll();
    }

    /** Bytes received but not yet read: what the UART RX FIFO holds. */
    int rxUnread() {
        return link.toDevice.arrivedUnread(link.deviceReceiveBaud());
    }

    /** Bytes written but still on their way out (0 without line-rate throttling). */
    long txBacklog() {
        long left = link.toHost.drainedAt() - System.nanoTime();
        return left <= 0 ? 0 : left / nanosPerTxByte() + 1;
    }

    /** Nanoseconds until at most maxBytes of what was written are still on their way out. */
    long nanosUntilTxBacklog(int maxBytes) {
        if (!link.throttle) {
            return 0;
        }
        return Math.max(0, link.toHost.drainedAt() - (long) maxBytes * nanosPerTxByte() - System.nanoTime());
    }

    /** Waits until at most maxBytes are still on their way out (a CPU filling its TX FIFO before it blocks). */
    void awaitTxBacklog(int maxBytes) throws IOException {
        sleepNanos(nanosUntilTxBacklog(maxBytes));
    }

    private long nanosPerTxByte() {
        return 10_000_000_000L / link.deviceBaud();
    }

    /**
     * Waits for the first well-formed SYNC, as a ROM loader before its auto-baud has locked: nothing
     * else is understood until then. The device's rate becomes the rate that SYNC came at.
     */
    void awaitSync() throws IOException {
        while (true) {
            Request req = Request.parse(nextFrame(-1));
            if (req != null && req.op() == Opcodes.SYNC && req.sizeMatches() && Opcodes.isSyncPayload(req.data())) {
                int baud = lastFrameBaud();
                link().setDeviceBaud(baud == 0 ? link().deviceBaud() : baud, false);
                return;
            }
        }
    }

    /** Rate at which the last frame returned by {@link #nextFrame} was sent (what auto-baud locks on). */
    int lastFrameBaud() {
        return lastFrameBaud;
    }

    void write(byte[] data) throws IOException {
        link.toHost.write(data, 0, data.length, link.deviceBaud(), link.throttle);
    }

    void sendFrame(byte[] payload) throws IOException {
        write(Slip.encode(payload));
    }

    /** Waits until everything written has left the device's UART (as firmware waits on its TX FIFO). */
    void drain() throws IOException {
        sleepNanos(link.toHost.drainedAt() - System.nanoTime());
    }

    static void sleepNanos(long nanos) throws LinkClosedException {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkClosedException("device interrupted");
        }
    }

    /** Switches the device UART to a new rate once pending output has gone out at the old one. */
    void switchBaud(int baud) throws IOException {
        drain();
        link.setDeviceBaud(baud, false);
    }
}

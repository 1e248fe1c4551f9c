package dev.flashline.sim;

import dev.flashline.transport.LinkClosedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * One direction of a UART line. Each write is a burst sent at the sender's baud rate; with
 * throttling on, byte i of a burst reaches the receiver 10 bit-times after byte i-1 (8N1), and
 * bursts queue behind each other as on a real line. A receiver set to a different rate decodes
 * the burst through {@link UartResampler}, at the moment it first looks at it.
 */
final class Wire {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final class Burst {
        byte[] data;
        final int senderBaud;
        final long start;
        long nanosPerByte;
        int pos;
        boolean decoded;

        Burst(byte[] data, int senderBaud, long start, long nanosPerByte) {
            this.data = data;
            this.senderBaud = senderBaud;
            this.start = start;
            this.nanosPerByte = nanosPerByte;
        }

        int arrived(long now) {
            if (nanosPerByte == 0) {
                return data.length;
            }
            long n = (now - start) / nanosPerByte;
            return (int) Math.max(0, Math.min(data.length, n));
        }

        long arrivalOf(int index) {
            return start + (index + 1) * nanosPerByte;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Burst> bursts = new ArrayDeque<>();
    private long lineFreeAt = Long.MIN_VALUE;
    private boolean closed;
    private int lastSenderBaud;

    void write(byte[] data, int offset, int length, int senderBaud, boolean throttle) throws LinkClosedException {
        if (length == 0) {
            return;
        }
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        lock.lock();
        try {
            if (closed) {
                throw new LinkClosedException("virtual device link closed");
            }
            long now = System.nanoTime();
            long start = lineFreeAt == Long.MIN_VALUE ? now : Math.max(now, lineFreeAt);
            long perByte = throttle ? 10 * NANOS_PER_SECOND / senderBaud : 0;
            lineFreeAt = start + perByte * length;
            bursts.add(new Burst(copy, senderBaud, start, perByte));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads what has arrived, waiting up to timeoutMillis for the first byte.
     *
     * @param receiverBaud the receiver's rate at this moment, 0 to lock on whatever is sent (auto-baud)
     * @param abort checked while waiting; when it turns true the read returns -2
     * @return bytes read, 0 on timeout, -2 when aborted
     */
    int read(byte[] buf, int off, int len, long timeoutMillis, IntSupplier receiverBaud, BooleanSupplier abort)
            throws LinkClosedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        lock.lock();
        try {
            while (true) {
                if (abort.getAsBoolean()) {
                    return -2;
                }
                long now = System.nanoTime();
                int copied = 0;
                long nextArrival = Long.MAX_VALUE;
                while (copied < len) {
                    Burst head = bursts.peek();
                    if (head == null) {
                        break;
                    }
                    decode(head, receiverBaud.getAsInt());
                    if (head.pos >= head.data.length) {
                        bursts.poll();
                        continue;
                    }
                    int available = head.arrived(now) - head.pos;
                    if (available <= 0) {
                        nextArrival = head.arrivalOf(head.pos);
                        break;
                    }
                    int n = Math.min(available, len - copied);
                    System.arraycopy(head.data, head.pos, buf, off + copied, n);
                    head.pos += n;
                    copied += n;
                    lastSenderBaud = head.senderBaud;
                }
                if (copied > 0) {
                    return copied;
                }
                if (closed) {
                    throw new LinkClosedException("virtual device link closed");
                }
                if (now >= deadline) {
                    return 0;
                }
                long wait = Math.min(deadline, nextArrival) - now;
                changed.awaitNanos(Math.max(wait, 1000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LinkClosedException("interrupted while reading the virtual device link");
        } finally {
            lock.unlock();
        }
    }

    private static void decode(Burst burst, int receiverBaud) {
        if (burst.decoded) {
            return;
        }
        burst.decoded = true;
        if (receiverBaud != 0 && receiverBaud != burst.senderBaud) {
            long duration = burst.nanosPerByte * burst.data.length;
            burst.data = UartResampler.resample(burst.data, burst.senderBaud, receiverBaud);
            burst.nanosPerByte = burst.data.length == 0 ? 0 : duration / burst.data.length;
        }
    }

    /** Baud rate of the sender of the last byte handed out (what an auto-baud receiver locks on). */
    int lastSenderBaud() {
        lock.lock();
        try {
            return lastSenderBaud;
        } finally {
            lock.unlock();
        }
    }

    /** Drops what has already arrived (a flush of the receive buffer); bytes still on the line stay. */
    void discardArrived() {
        lock.lock();
        try {
            long now = System.nanoTime();
            while (!bursts.isEmpty()) {
                Burst head = bursts.peek();
                int arrived = head.arrived(now);
                if (arrived >= head.data.length) {
                    bursts.poll();
                } else {
                    head.pos = Math.max(head.pos, arrived);
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bytes that have reached the receiver and wait unread: what a UART RX FIFO holds after its
     * CPU stopped reading for a while (a blocking flash erase).
     */
    int arrivedUnread(int receiverBaud) {
        lock.lock();
        try {
            long now = System.nanoTime();
            int n = 0;
            for (Burst b : bursts) {
                decode(b, receiverBaud);
                int arrived = b.arrived(now);
                n += Math.max(0, arrived - b.pos);
                if (arrived < b.data.length) {
                    break; // later bursts are still behind this one on the line
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** When the last queued byte will have reached the receiver (System.nanoTime scale). */
    long drainedAt() {
        lock.lock();
        try {
            return lineFreeAt == Long.MIN_VALUE ? System.nanoTime() : lineFreeAt;
        } finally {
            lock.unlock();
        }
    }

    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}

package dev.flashline.stub;

import dev.flashline.transport.LinkClosedException;
import dev.flashline.transport.Transport;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The QEMU-hosted stub's UART (QEMU's stdio) as a {@link Transport}, so the real engine
 * ({@code FlashSession}, {@code Flasher}) can drive the real stub binary. There is no line rate
 * and there are no control lines: the baud rate is only remembered, DTR/RTS are ignored. The
 * QemuStub reader thread hands over what QEMU prints; an empty chunk marks the end of the stream.
 *
 * <p>The test ROM's UART reads QEMU's stdin by semihosting, which may block until a byte comes,
 * while a chip's UART poll returns at once. So that a stub polling its receiver (READ_WRITE_DEFL's
 * pump) cannot be frozen while the host waits for its answer, an idle line carries a SLIP END every
 * few milliseconds — between frames, where the stub's decoders ignore it.
 */
final class QemuTransport implements Transport {
    private final QemuStub qemu;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] pending = new byte[0];
    private int pendingPos;
    private volatile boolean closed;
    private boolean ended;
    private int baud = 115200;

    private static final long IDLE_FILL_MILLIS = 5;
    private final Object writing = new Object();
    private volatile long lastWrite = System.nanoTime();

    QemuTransport(QemuStub qemu) {
        this.qemu = qemu;
        Thread idle = new Thread(this::fillIdleLine, "qemu-idle-line");
        idle.setDaemon(true);
        idle.start();
    }

    /** A SLIP END on a line the host left idle: the test ROM's blocking read returns, as a chip's poll would. */
    private void fillIdleLine() {
        byte[] end = {(byte) 0xC0};
        while (!closed && !ended) {
            try {
                Thread.sleep(IDLE_FILL_MILLIS);
                synchronized (writing) {
                    if (System.nanoTime() - lastWrite >= IDLE_FILL_MILLIS * 1_000_000L) {
                        qemu.writeRaw(end, 0, 1);
                        lastWrite = System.nanoTime();
                    }
                }
            } catch (InterruptedException | IOException e) {
                return; // QEMU has gone: nothing to keep alive
            }
        }
    }

    /** Called by the reader thread; an empty array means QEMU's output ended. */
    void received(byte[] chunk) {
        chunks.add(chunk);
    }

    @Override
    public String description() {
        return "qemu-stub";
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        if (closed || ended) {
            throw new LinkClosedException("QEMU link closed" + qemu.diagnostics());
        }
        try {
            synchronized (writing) { // whole frames only: the idle filler never lands inside one
                qemu.writeRaw(data, offset, length);
                lastWrite = System.nanoTime();
            }
        } catch (IOException e) {
            throw new LinkClosedException("writing to QEMU failed: " + e.getMessage() + qemu.diagnostics());
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        if (closed) {
            throw new LinkClosedException("QEMU link closed");
        }
        if (pendingPos == pending.length) {
            if (ended) {
                throw new LinkClosedException("QEMU output ended" + qemu.diagnostics());
            }
            byte[] next;
            try {
                next = chunks.poll(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading from QEMU", e);
            }
            if (next == null) {
                return 0;
            }
            if (next.length == 0) {
                ended = true;
                throw new LinkClosedException("QEMU output ended" + qemu.diagnostics());
            }
            pending = next;
            pendingPos = 0;
        }
        int n = Math.min(length, pending.length - pendingPos);
        System.arraycopy(pending, pendingPos, buffer, offset, n);
        pendingPos += n;
        return n;
    }

    @Override
    public void setBaudRate(int baud) {
        this.baud = baud;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    @Override
    public void flushInput() {
        pendingPos = pending.length;
        byte[] chunk;
        while ((chunk = chunks.poll()) != null) {
            if (chunk.length == 0) {
                ended = true;
            }
        }
    }

    /** Closing the link leaves QEMU to its QemuStub, which ends the process. */
    @Override
    public void close() {
        closed = true;
    }
}

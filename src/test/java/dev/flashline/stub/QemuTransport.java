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
 */
final class QemuTransport implements Transport {
    private final QemuStub qemu;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] pending = new byte[0];
    private int pendingPos;
    private volatile boolean closed;
    private boolean ended;
    private int baud = 115200;

    QemuTransport(QemuStub qemu) {
        this.qemu = qemu;
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
            qemu.writeRaw(data, offset, length);
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

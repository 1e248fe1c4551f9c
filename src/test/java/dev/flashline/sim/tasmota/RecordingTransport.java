package dev.flashline.sim.tasmota;

import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** A transport that keeps a copy of every byte read through it. */
final class RecordingTransport implements Transport {
    private final Transport inner;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RecordingTransport(Transport inner) {
        this.inner = inner;
    }

    synchronized byte[] received() {
        return received.toByteArray();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        inner.write(data, offset, length);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        int n = inner.read(buffer, offset, length, timeoutMillis);
        if (n > 0) {
            synchronized (this) {
                received.write(buffer, offset, n);
            }
        }
        return n;
    }

    @Override
    public void setBaudRate(int baud) throws IOException {
        inner.setBaudRate(baud);
    }

    @Override
    public int baudRate() {
        return inner.baudRate();
    }

    @Override
    public boolean hasControlLines() {
        return inner.hasControlLines();
    }

    @Override
    public void setDtr(boolean asserted) throws IOException {
        inner.setDtr(asserted);
    }

    @Override
    public void setRts(boolean asserted) throws IOException {
        inner.setRts(asserted);
    }

    @Override
    public void flushInput() throws IOException {
        inner.flushInput();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}

package dev.flashline.sim;

import dev.flashline.transport.LinkClosedException;
import dev.flashline.transport.Transport;
import java.io.IOException;

/** The host end of a virtual device's link, as an in-process {@link Transport}. */
final class HostTransport implements Transport {
    private final Link link;
    private final String description;
    private final Runnable onClose;

    HostTransport(Link link, String description, Runnable onClose) {
        this.link = link;
        this.description = description;
        this.onClose = onClose;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        link.toDevice.write(data, offset, length, link.hostSendBaud(), link.throttle);
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        int n = link.toHost.read(buffer, offset, length, timeoutMillis, link::hostReceiveBaud, () -> false);
        if (n < 0) {
            throw new LinkClosedException("virtual device link closed");
        }
        return n;
    }

    @Override
    public void setBaudRate(int baud) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud rate must be positive: " + baud);
        }
        link.setHostBaud(baud);
    }

    @Override
    public int baudRate() {
        return link.hostBaud();
    }

    @Override
    public boolean setsLineRate() {
        return true;
    }

    @Override
    public boolean hasControlLines() {
        return true;
    }

    @Override
    public void setDtr(boolean asserted) {
        link.setDtr(asserted);
    }

    @Override
    public void setRts(boolean asserted) {
        link.setRts(asserted);
    }

    @Override
    public void flushInput() {
        link.toHost.discardArrived();
    }

    @Override
    public void close() {
        link.close();
        onClose.run();
    }
}

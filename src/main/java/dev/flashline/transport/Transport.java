package dev.flashline.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * A byte link to a device UART: a serial port, a raw TCP socket or an RFC 2217 server.
 * Everything above this layer sees only bytes, a baud rate and (maybe) the DTR/RTS lines.
 */
public interface Transport extends Closeable {

    /** The port URL this transport was opened from, for messages. */
    String description();

    void write(byte[] data, int offset, int length) throws IOException;

    default void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /**
     * Reads what has arrived, waiting at most {@code timeoutMillis} for the first byte.
     *
     * @return the number of bytes read, 0 when nothing arrived in time
     * @throws LinkClosedException when the other end has gone away
     */
    int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException;

    /** Changes the host side's line rate (a no-op where the link has no baud rate, as raw TCP). */
    void setBaudRate(int baud) throws IOException;

    int baudRate();

    /**
     * True when {@link #setBaudRate} changes the rate on the wire (a serial port, RFC 2217), so a
     * ROM's auto-baud can lock on it; false where bytes travel at no rate of ours (raw TCP).
     */
    default boolean setsLineRate() {
        return false;
    }

    /**
     * True when DTR and RTS reach the device, so an auto-reset circuit can be driven. By default a
     * link has none (raw TCP, a pipe): only links that carry the lines override the three methods.
     */
    default boolean hasControlLines() {
        return false;
    }

    /** Sets DTR; ignored where {@link #hasControlLines()} is false. */
    default void setDtr(boolean asserted) throws IOException {
        // no control lines on this link
    }

    /** Sets RTS; ignored where {@link #hasControlLines()} is false. */
    default void setRts(boolean asserted) throws IOException {
        // no control lines on this link
    }

    /** Drops whatever has been received and not yet read. */
    void flushInput() throws IOException;

    @Override
    void close() throws IOException;
}

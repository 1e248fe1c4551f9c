package dev.flashline.loader;

import dev.flashline.protocol.Slip;
import dev.flashline.protocol.SlipDecoder;
import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * SLIP packets over a transport. Keeps the bytes that arrived outside any packet (boot banner,
 * echo, noise) so that a failed connection can be explained. Transport failures leave here as
 * FlashlineExceptions (see {@link Links}).
 */
public final class PacketLink {
    private static final int STRAY_LIMIT = 4096;

    private final Transport transport;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final ByteArrayOutputStream stray = new ByteArrayOutputStream();
    private final SlipDecoder decoder = new SlipDecoder(frames::add, this::keepStray);
    private final byte[] readBuffer = new byte[16384];
    private long bytesReceived;
    private long bytesSent;
    private double wireSeconds;
    private double sentSeconds;
    private double receivedSeconds;

    public PacketLink(Transport transport) {
        this.transport = transport;
    }

    public Transport transport() {
        return transport;
    }

    public void send(byte[] payload) {
        byte[] frame = Slip.encode(payload);
        try {
            transport.write(frame);
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
        bytesSent += frame.length;
        double seconds = frame.length * 10.0 / transport.baudRate();
        wireSeconds += seconds;
        sentSeconds += seconds;
    }

    /**
     * Time the bytes sent and received so far need on a UART at the rates they travelled at (10 bits a
     * byte): the two directions added up, except where {@link #overlapped} says they ran at once.
     */
    public double wireSeconds() {
        return wireSeconds;
    }

    /** The sending direction's share of {@link #wireSeconds} (before any overlap is taken off). */
    public double sentSeconds() {
        return sentSeconds;
    }

    public double receivedSeconds() {
        return receivedSeconds;
    }

    /** Bytes went both ways at once for this long (a full-duplex session): the line was busy once, not twice. */
    public void overlapped(double seconds) {
        wireSeconds -= seconds;
    }

    /** Bytes put on the wire so far, framing and escapes included. */
    public long bytesSent() {
        return bytesSent;
    }

    /** The next complete packet, or null when none arrived within the timeout. */
    public byte[] receive(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (frames.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            int n;
            try {
                n = transport.read(readBuffer, 0, readBuffer.length, left);
            } catch (IOException e) {
                throw Links.failure(e, transport.description());
            }
            if (n > 0) {
                bytesReceived += n;
                double seconds = n * 10.0 / transport.baudRate();
                wireSeconds += seconds;
                receivedSeconds += seconds;
                decoder.feed(readBuffer, 0, n);
            }
        }
        return frames.poll();
    }

    public void flushInput() {
        try {
            transport.flushInput();
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
        frames.clear();
        decoder.reset();
    }

    /** All bytes received so far, inside packets or not. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** The most recent bytes that arrived outside packets (at most 4 KB). */
    public byte[] strayBytes() {
        return stray.toByteArray();
    }

    /**
     * The bytes kept outside packets, which are forgotten: whoever reads the link next (e.g. the
     * firmware's console after "run user code") gets what the loader read past its last answer.
     */
    public byte[] takeStrayBytes() {
        byte[] taken = stray.toByteArray();
        stray.reset();
        return taken;
    }

    private void keepStray(int b) {
        if (stray.size() < STRAY_LIMIT) {
            stray.write(b);
        }
    }
}

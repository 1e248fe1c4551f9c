package dev.flashline.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * {@code socket://HOST:PORT}: a TCP connection carrying exactly the UART's bytes, nothing else (as
 * pyserial's socket://). There are no control lines and no line rate; the baud rate is only
 * remembered, so that callers can treat every transport alike.
 */
public final class TcpTransport implements Transport {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String url;
    private volatile int baud = Transports.INITIAL_BAUD;
    private int configuredTimeout = -1;
    private volatile boolean closed;

    private TcpTransport(Socket socket, String url) throws IOException {
        this.socket = socket;
        this.url = url;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static TcpTransport open(String host, int port) throws TransportException {
        String url = "socket://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        Socket socket = TcpConnector.connect(url, host, port);
        try {
            return new TcpTransport(socket, url);
        } catch (IOException e) {
            TcpConnector.closeQuietly(socket);
            throw new TransportException("Cannot use the connection to " + url + ": " + e.getMessage(), "try again", e);
        }
    }

    @Override
    public String description() {
        return url;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        ensureOpen();
        try {
            out.write(data, offset, length);
            out.flush();
        } catch (SocketException e) {
            throw gone(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
        ensureOpen();
        if (length == 0) {
            return 0;
        }
        // SO_TIMEOUT 0 would mean "forever": a zero timeout becomes the shortest wait there is.
        int timeout = (int) Math.max(1, Math.min(timeoutMillis, Integer.MAX_VALUE));
        try {
            if (timeout != configuredTimeout) {
                socket.setSoTimeout(timeout);
                configuredTimeout = timeout;
            }
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                throw new LinkClosedException("The other end of " + url + " closed the connection");
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (SocketException e) {
            if (closed) {
                throw new IOException(url + " is closed", e);
            }
            throw gone(e);
        }
    }

    @Override
    public void setBaudRate(int newBaud) {
        baud = newBaud;
    }

    @Override
    public int baudRate() {
        return baud;
    }

    @Override
    public void flushInput() throws IOException {
        ensureOpen();
        byte[] sink = new byte[4096];
        try {
            // bounded: a peer that never stops talking must not hold the caller here forever
            long deadline = System.currentTimeMillis() + 500;
            while (in.available() > 0 && System.currentTimeMillis() < deadline) {
                if (in.read(sink, 0, Math.min(sink.length, in.available())) < 0) {
                    throw new LinkClosedException("The other end of " + url + " closed the connection");
                }
            }
        } catch (SocketException e) {
            throw gone(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(url + " is closed");
        }
    }

    private LinkClosedException gone(SocketException e) {
        LinkClosedException closedEx = new LinkClosedException("Connection to " + url + " lost: " + e.getMessage());
        closedEx.initCause(e);
        return closedEx;
    }
}

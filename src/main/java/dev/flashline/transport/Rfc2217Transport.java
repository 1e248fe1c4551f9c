package dev.flashline.transport;

import java.io.ByteArrayOutputStream;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;

/**
 * {@code rfc2217://HOST:PORT}: a telnet connection with the COM-PORT-OPTION (RFC 2217), as served by
 * ser2net. Baud rate, DTR and RTS travel to the remote port, so auto-reset works over the network.
 *
 * <p>A reader thread owns the socket's input: it answers the server's option negotiation, picks up the
 * server's acknowledgements and queues the UART bytes for {@link #read}. Server answers can therefore
 * arrive in the middle of device data without disturbing either.
 */
public final class Rfc2217Transport implements Transport {
    static final long NEGOTIATION_TIMEOUT_MILLIS = 3000;
    static final long ACK_TIMEOUT_MILLIS = 3000;
    static final long PURGE_ACK_TIMEOUT_MILLIS = 1000;

    private static final int[] WANTED_OPTIONS = {Telnet.OPT_COM_PORT, Telnet.OPT_BINARY, Telnet.OPT_SUPPRESS_GO_AHEAD};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String url;
    private final TelnetDecoder decoder;
    private final Thread reader;

    // guarded by "lock"
    private final Object lock = new Object();
    private byte[] buffer = new byte[8192];
    private int head;
    private int count;
    private boolean peerGone;
    private String goneReason;
    private final boolean[] localOn = new boolean[256];
    private final boolean[] remoteOn = new boolean[256];
    private final boolean[] willPending = new boolean[256];
    private final boolean[] doPending = new boolean[256];
    private boolean comPortRefused;
    private long baudAcks;
    private int ackedBaud;
    private boolean purgePending;

    private volatile int baud;
    private volatile boolean closed;

    private Rfc2217Transport(Socket socket, String url) throws IOException {
        this.socket = socket;
        this.url = url;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.decoder = new TelnetDecoder(new Listener());
        this.reader = new Thread(this::readLoop, "rfc2217-reader " + url);
        this.reader.setDaemon(true);
    }

    /** Connects, negotiates COM-PORT-OPTION, BINARY and SUPPRESS-GO-AHEAD, then sets 115200 8N1 without flow control. */
    public static Rfc2217Transport open(String host, int port) throws TransportException {
        String url = "rfc2217://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        Socket socket = TcpConnector.connect(url, host, port);
        Rfc2217Transport t;
        try {
            t = new Rfc2217Transport(socket, url);
        } catch (IOException e) {
            TcpConnector.closeQuietly(socket);
            throw new TransportException("Cannot use the connection to " + url + ": " + e.getMessage(), "try again", e);
        }
        try {
            t.start();
            return t;
        } catch (IOException e) {
            t.closeQuietly();
            if (e instanceof TransportException te) {
                throw te;
            }
            throw new TransportException("RFC 2217 set-up with " + url + " failed: " + e.getMessage(),
                    "check that the server speaks RFC 2217 (ser2net: accepter telnet(rfc2217),tcp,PORT)", e);
        }
    }

    private void start() throws IOException {
        reader.start();
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        synchronized (lock) {
            for (int option : WANTED_OPTIONS) {
                willPending[option] = true;
                hello.writeBytes(new byte[] {(byte) Telnet.IAC, (byte) Telnet.WILL, (byte) option});
            }
            for (int option : new int[] {Telnet.OPT_BINARY, Telnet.OPT_SUPPRESS_GO_AHEAD}) {
                doPending[option] = true;
                hello.writeBytes(new byte[] {(byte) Telnet.IAC, (byte) Telnet.DO, (byte) option});
            }
        }
        sendRaw(hello.toByteArray());
        long deadline = System.currentTimeMillis() + NEGOTIATION_TIMEOUT_MILLIS;
        synchronized (lock) {
            while (!localOn[Telnet.OPT_COM_PORT] && !comPortRefused && !peerGone) {
                waitUntil(deadline, "no telnet negotiation");
                if (System.currentTimeMillis() >= deadline) {
                    break;
                }
            }
            if (peerGone) {
                throw new LinkClosedException(url + " closed the connection during RFC 2217 negotiation (" + goneReason + ")");
            }
            if (comPortRefused) {
                throw new TransportException(url + " refuses the RFC 2217 COM-PORT-OPTION",
                        "the server is a plain telnet or TCP server: use socket://HOST:PORT, or enable rfc2217 in ser2net");
            }
            if (!localOn[Telnet.OPT_COM_PORT]) {
                throw new TransportException(url + " did not negotiate RFC 2217 within "
                        + NEGOTIATION_TIMEOUT_MILLIS / 1000 + " s",
                        "if it is a raw TCP port (flashline simulate, ser2net 'tcp' accepter), use socket://HOST:PORT");
            }
        }
        setBaudRate(Transports.INITIAL_BAUD);
        sendComPort(Telnet.SET_DATASIZE, 8);
        sendComPort(Telnet.SET_PARITY, Telnet.PARITY_NONE);
        sendComPort(Telnet.SET_STOPSIZE, Telnet.STOPSIZE_1);
        sendComPort(Telnet.SET_CONTROL, Telnet.CONTROL_NO_FLOW_CONTROL);
    }

    @Override
    public String description() {
        return url;
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        ensureOpen();
        sendRaw(TelnetDecoder.escape(data, offset, length));
    }

    @Override
    public int read(byte[] dest, int offset, int length, long timeoutMillis) throws IOException {
        ensureOpen();
        if (length == 0) {
            return 0;
        }
        long deadline = System.currentTimeMillis() + Math.max(0, timeoutMillis);
        synchronized (lock) {
            while (count == 0 && !peerGone && !closed && System.currentTimeMillis() < deadline) {
                waitUntil(deadline, null);
            }
            if (count == 0) {
                if (peerGone) {
                    throw new LinkClosedException("Connection to " + url + " lost (" + goneReason + ")");
                }
                ensureOpen();
                return 0;
            }
            int n = Math.min(length, count);
            int first = Math.min(n, buffer.length - head);
            System.arraycopy(buffer, head, dest, offset, first);
            System.arraycopy(buffer, 0, dest, offset + first, n - first);
            head = (head + n) % buffer.length;
            count -= n;
            return n;
        }
    }

    /** Asks the server for {@code newBaud} and waits for its acknowledgement (RFC 2217 section 2). */
    @Override
    public void setBaudRate(int newBaud) throws IOException {
        ensureOpen();
        long before;
        synchronized (lock) {
            before = baudAcks;
        }
        sendComPort(Telnet.SET_BAUDRATE, (newBaud >>> 24) & 0xFF, (newBaud >>> 16) & 0xFF, (newBaud >>> 8) & 0xFF, newBaud & 0xFF);
        long deadline = System.currentTimeMillis() + ACK_TIMEOUT_MILLIS;
        synchronized (lock) {
            while (baudAcks == before && !peerGone && System.currentTimeMillis() < deadline) {
                waitUntil(deadline, null);
            }
            if (peerGone) {
                throw new LinkClosedException("Connection to " + url + " lost (" + goneReason + ")");
            }
            if (baudAcks == before) {
                throw new TransportException(url + " did not acknowledge " + newBaud + " baud",
                        "check the RFC 2217 server; with a raw TCP port use socket://HOST:PORT");
            }
            if (ackedBaud != newBaud) {
                throw new TransportException(url + " set " + ackedBaud + " baud instead of " + newBaud,
                        Hint.of("the remote port cannot do " + newBaud + " baud: choose another {}", Setting.BAUD), null);
            }
        }
        baud = newBaud;
    }

    @Override
    public int baudRate() {
        return baud;
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
    public void setDtr(boolean asserted) throws IOException {
        ensureOpen();
        sendComPort(Telnet.SET_CONTROL, asserted ? Telnet.CONTROL_DTR_ON : Telnet.CONTROL_DTR_OFF);
    }

    @Override
    public void setRts(boolean asserted) throws IOException {
        ensureOpen();
        sendComPort(Telnet.SET_CONTROL, asserted ? Telnet.CONTROL_RTS_ON : Telnet.CONTROL_RTS_OFF);
    }

    /**
     * Drops what has been received here and asks the server to drop what it holds. Bytes that arrive
     * before the server's acknowledgement are stale, so the buffer is cleared again when it comes.
     */
    @Override
    public void flushInput() throws IOException {
        ensureOpen();
        synchronized (lock) {
            count = 0;
            head = 0;
            purgePending = true;
        }
        sendComPort(Telnet.PURGE_DATA, Telnet.PURGE_RECEIVE_BUFFER);
        long deadline = System.currentTimeMillis() + PURGE_ACK_TIMEOUT_MILLIS;
        synchronized (lock) {
            while (purgePending && !peerGone && System.currentTimeMillis() < deadline) {
                waitUntil(deadline, null);
            }
            if (purgePending) {
                // a server that does not acknowledge purges: settle for what we could drop here
                purgePending = false;
                count = 0;
                head = 0;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        socket.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // already failing; the original error is the one to report
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(url + " is closed");
        }
    }

    private void sendComPort(int command, int... value) throws IOException {
        byte[] payload = new byte[value.length + 2];
        payload[0] = (byte) Telnet.OPT_COM_PORT;
        payload[1] = (byte) command;
        for (int i = 0; i < value.length; i++) {
            payload[i + 2] = (byte) value[i];
        }
        byte[] escaped = TelnetDecoder.escape(payload, 0, payload.length);
        byte[] frame = new byte[escaped.length + 4];
        frame[0] = (byte) Telnet.IAC;
        frame[1] = (byte) Telnet.SB;
        System.arraycopy(escaped, 0, frame, 2, escaped.length);
        frame[frame.length - 2] = (byte) Telnet.IAC;
        frame[frame.length - 1] = (byte) Telnet.SE;
        sendRaw(frame);
    }

    private void sendRaw(byte[] bytes) throws IOException {
        try {
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (SocketException e) {
            if (closed) {
                throw new IOException(url + " is closed", e);
            }
            LinkClosedException gone = new LinkClosedException("Connection to " + url + " lost: " + e.getMessage());
            gone.initCause(e);
            throw gone;
        }
    }

    /** Waits on {@link #lock} (held by the caller) until notified or {@code deadline}. */
    private void waitUntil(long deadline, String what) throws InterruptedIOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            return;
        }
        try {
            lock.wait(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for " + (what == null ? url : what));
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private void readLoop() {
        byte[] chunk = new byte[4096];
        String reason = "the server closed the connection";
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                int data = decoder.decode(chunk, 0, n, chunk);
                if (data > 0) {
                    append(chunk, data);
                }
            }
        } catch (IOException e) {
            reason = e.getMessage();
        }
        synchronized (lock) {
            peerGone = true;
            goneReason = closed ? "closed here" : reason;
            lock.notifyAll();
        }
    }

    private void append(byte[] data, int n) {
        synchronized (lock) {
            if (count + n > buffer.length) {
                byte[] bigger = new byte[Math.max(buffer.length * 2, count + n)];
                int first = Math.min(count, buffer.length - head);
                System.arraycopy(buffer, head, bigger, 0, first);
                System.arraycopy(buffer, 0, bigger, first, count - first);
                buffer = bigger;
                head = 0;
            }
            int tail = (head + count) % buffer.length;
            int first = Math.min(n, buffer.length - tail);
            System.arraycopy(data, 0, buffer, tail, first);
            System.arraycopy(data, first, buffer, 0, n - first);
            count += n;
            lock.notifyAll();
        }
    }

    private boolean wanted(int option) {
        return Arrays.stream(WANTED_OPTIONS).anyMatch(o -> o == option);
    }

    /** Option negotiation without loops (RFC 854): answer only requests that change an option's state. */
    private final class Listener implements TelnetDecoder.Listener {
        @Override
        public void negotiation(int command, int option) {
            byte[] reply = null;
            synchronized (lock) {
                switch (command) {
                    case Telnet.DO -> {
                        if (wanted(option)) {
                            if (!localOn[option]) {
                                localOn[option] = true;
                                if (!willPending[option]) {
                                    reply = answer(Telnet.WILL, option);
                                }
                            }
                            willPending[option] = false;
                        } else {
                            reply = answer(Telnet.WONT, option);
                        }
                    }
                    case Telnet.DONT -> {
                        if (option == Telnet.OPT_COM_PORT) {
                            comPortRefused = true;
                        }
                        if (localOn[option]) {
                            localOn[option] = false;
                            reply = answer(Telnet.WONT, option);
                        }
                        willPending[option] = false;
                    }
                    case Telnet.WILL -> {
                        // BINARY and SGA from the server are welcome; anything else (ECHO, ...) is not
                        if (option == Telnet.OPT_BINARY || option == Telnet.OPT_SUPPRESS_GO_AHEAD) {
                            if (!remoteOn[option]) {
                                remoteOn[option] = true;
                                if (!doPending[option]) {
                                    reply = answer(Telnet.DO, option);
                                }
                            }
                            doPending[option] = false;
                        } else {
                            reply = answer(Telnet.DONT, option);
                        }
                    }
                    case Telnet.WONT -> {
                        if (remoteOn[option]) {
                            remoteOn[option] = false;
                            reply = answer(Telnet.DONT, option);
                        }
                        doPending[option] = false;
                    }
                    default -> {
                        // the decoder reports only the four negotiation commands
                    }
                }
                lock.notifyAll();
            }
            if (reply != null) {
                try {
                    sendRaw(reply);
                } catch (IOException e) {
                    // the reader will see the broken connection on its next read
                }
            }
        }

        @Override
        public void subnegotiation(int option, byte[] payload) {
            if (option != Telnet.OPT_COM_PORT || payload.length == 0) {
                return;
            }
            int command = (payload[0] & 0xFF) - Telnet.SERVER_OFFSET;
            synchronized (lock) {
                if (command == Telnet.SET_BAUDRATE && payload.length >= 5) {
                    ackedBaud = ((payload[1] & 0xFF) << 24) | ((payload[2] & 0xFF) << 16)
                            | ((payload[3] & 0xFF) << 8) | (payload[4] & 0xFF);
                    baudAcks++;
                } else if (command == Telnet.PURGE_DATA && purgePending) {
                    purgePending = false;
                    count = 0;
                    head = 0;
                }
                // line/modem-state notifications and the other acknowledgements need no action
                lock.notifyAll();
            }
        }

        private byte[] answer(int command, int option) {
            return new byte[] {(byte) Telnet.IAC, (byte) command, (byte) option};
        }
    }
}

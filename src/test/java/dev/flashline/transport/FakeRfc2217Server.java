package dev.flashline.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RFC 2217 access server for tests, with its own telnet parsing (so that a bug in the
 * client's decoder cannot hide itself). Records every raw byte received; acknowledges COM-PORT
 * subnegotiations by echoing them with code + 100.
 */
final class FakeRfc2217Server implements AutoCloseable {
    enum Mode { NORMAL, REFUSE_COM_PORT, SILENT }

    private final ServerSocket server;
    private final Mode mode;
    private final Thread thread;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final List<byte[]> subnegotiations = new ArrayList<>();
    volatile Integer baudToAck; // when set, acknowledge this rate instead of the requested one
    private volatile Socket client;

    FakeRfc2217Server(Mode mode) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.mode = mode;
        this.thread = new Thread(this::serve, "fake-rfc2217");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    String url() {
        return "rfc2217://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        try (Socket s = server.accept()) {
            client = s;
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int state = 0; // 0 data, 1 after IAC, 2 option of command, 3 SB data, 4 IAC in SB
            int command = 0;
            ByteArrayOutputStream sb = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                synchronized (this) {
                    raw.write(b);
                    notifyAll();
                }
                switch (state) {
                    case 0 -> {
                        if (b == 255) {
                            state = 1;
                        } else {
                            recordData(b);
                        }
                    }
                    case 1 -> {
                        if (b == 255) {
                            recordData(b);
                            state = 0;
                        } else if (b >= 251 && b <= 254) {
                            command = b;
                            state = 2;
                        } else if (b == 250) {
                            sb.reset();
                            state = 3;
                        } else {
                            state = 0;
                        }
                    }
                    case 2 -> {
                        answer(out, command, b);
                        state = 0;
                    }
                    case 3 -> {
                        if (b == 255) {
                            state = 4;
                        } else {
                            sb.write(b);
                        }
                    }
                    case 4 -> {
                        if (b == 255) {
                            sb.write(b);
                            state = 3;
                        } else {
                            subnegotiation(out, sb.toByteArray());
                            state = 0;
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        } catch (IOException ignored) {
            // test over
        }
    }

    private synchronized void recordData(int b) {
        data.write(b);
        notifyAll();
    }

    private void answer(OutputStream out, int command, int option) throws IOException {
        if (mode == Mode.SILENT) {
            return;
        }
        if (command == 251) { // WILL
            boolean yes = option == 0 || option == 3 || (option == 44 && mode == Mode.NORMAL);
            send(out, 255, yes ? 253 : 254, option);
        } else if (command == 253) { // DO
            boolean yes = option == 0 || option == 3;
            send(out, 255, yes ? 251 : 252, option);
        }
    }

    private void subnegotiation(OutputStream out, byte[] payload) throws IOException {
        synchronized (this) {
            subnegotiations.add(payload);
            notifyAll();
        }
        if (payload.length < 2 || (payload[0] & 0xFF) != 44) {
            return;
        }
        byte[] ack = payload.clone();
        ack[1] = (byte) ((payload[1] & 0xFF) + 100);
        Integer fake = baudToAck;
        if (payload[1] == 1 && fake != null) {
            ack = new byte[] {44, 101, (byte) (fake >>> 24), (byte) (fake >>> 16), (byte) (fake >>> 8), (byte) (int) fake};
        }
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(255);
        frame.write(250);
        for (byte x : ack) {
            frame.write(x);
            if (x == (byte) 255) {
                frame.write(255);
            }
        }
        frame.write(255);
        frame.write(240);
        synchronized (out) {
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    private static void send(OutputStream out, int... bytes) throws IOException {
        synchronized (out) {
            for (int b : bytes) {
                out.write(b);
            }
            out.flush();
        }
    }

    /** Sends bytes exactly as given (the test writes the telnet escaping itself). */
    void sendRaw(byte[] bytes) throws Exception {
        Socket s = awaitClient();
        OutputStream out = s.getOutputStream();
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    Socket awaitClient() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (client == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return client;
    }

    /** Waits until the raw bytes received contain {@code needle}; returns whether they did. */
    synchronized boolean awaitRaw(byte[] needle, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!TransportAssertions.contains(raw.toByteArray(), needle)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized byte[] awaitData(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (data.size() < n) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return data.toByteArray();
    }

    synchronized byte[] raw() {
        return raw.toByteArray();
    }

    synchronized List<byte[]> subnegotiations() {
        return new ArrayList<>(subnegotiations);
    }

    void dropClient() throws IOException {
        Socket s = client;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        dropClient();
        server.close();
    }
}

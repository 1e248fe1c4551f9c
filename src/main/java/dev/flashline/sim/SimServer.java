package dev.flashline.sim;

import dev.flashline.transport.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Serves virtual devices over raw TCP (the socket:// form): device i listens on basePort + i, or on a
 * free port of its own when basePort is 0.
 * Every accepted connection is a power-on in download mode; the connection carries exactly the
 * UART bytes, and after "run user code" the firmware's console. One client per device: while a
 * client is connected, further connections are accepted and closed (refused) once the previous
 * client has not let go within a second, so a second flasher fails fast instead of waiting on a
 * line someone else holds, while a client that closes its port and reopens it at once (esptool-js
 * does after a failed detection) is not refused in the moment its old session is still ending. A port's device can
 * be unplugged and another plugged in ({@link #plug}), as an operator swaps Sonoffs on a jig; while a
 * port is empty, connections are accepted and closed at once (the link drops as soon as it is made).
 */
public final class SimServer implements Closeable {
    private static final int READ_SLICE_MILLIS = 200;
    /** How long a new client waits for the previous one's session to end before it is refused. */
    private static final long PREVIOUS_CLIENT_GRACE_NANOS = 1_000_000_000L;

    private final String host;
    private final int basePort;
    /** The device plugged into each port (null: nothing plugged in). */
    private final AtomicReferenceArray<VirtualDevice> devices;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private volatile boolean closed;

    public SimServer(String host, int basePort, List<VirtualDevice> devices) {
        this.host = host;
        this.basePort = basePort;
        this.devices = new AtomicReferenceArray<>(devices.toArray(new VirtualDevice[0]));
    }

    /** Binds every port, starts accepting; afterwards {@link #listeningLines()} lists them. */
    public synchronized void start() throws IOException {
        InetAddress address = InetAddress.getByName(host);
        try {
            for (int i = 0; i < devices.length(); i++) {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                // base port 0: every device on a free port of its own (no neighbour can be taken already)
                server.bind(new InetSocketAddress(address, basePort == 0 ? 0 : basePort + i));
                servers.add(server);
                lines.add("LISTENING " + host + ":" + server.getLocalPort());
                int slot = i;
                Thread t = new Thread(() -> acceptLoop(server, slot), "sim-server-" + server.getLocalPort());
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** One "LISTENING HOST:PORT" line per device, in device order. */
    public synchronized List<String> listeningLines() {
        return List.copyOf(lines);
    }

    /**
     * Unplugs the device on port {@code index} (its power is cut: a client's link to it drops) and
     * plugs in {@code device} instead; null leaves the port empty.
     */
    public void plug(int index, VirtualDevice device) {
        VirtualDevice old = devices.getAndSet(index, device);
        if (old != null && old != device) {
            old.powerOff();
        }
    }

    /** How many ports this server has. */
    public int ports() {
        return devices.length();
    }

    private void acceptLoop(ServerSocket server, int slot) {
        AtomicReference<Socket> current = new AtomicReference<>();
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // server closed
            }
            Socket busy = current.get();
            VirtualDevice device = devices.get(slot);
            if (busy != null) {
                awaitEnd(busy); // a client that closes and at once reopens (a port reopened) is the same client
            }
            if (device == null || busy != null && !busy.isClosed()) {
                closeQuietly(socket); // nothing plugged in, or one client at a time: refuse
                continue;
            }
            current.set(socket);
            Thread t = new Thread(() -> serve(socket, device), "sim-client-" + server.getLocalPort());
            t.setDaemon(true); // ends with its client; not kept, so a port used all day holds no dead threads
            t.start();
        }
    }

    /** Gives the previous client's session a moment to see its end of stream and close. */
    private static void awaitEnd(Socket previous) {
        long deadline = System.nanoTime() + PREVIOUS_CLIENT_GRACE_NANOS;
        while (!previous.isClosed() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void serve(Socket socket, VirtualDevice device) {
        Transport transport = null;
        try {
            socket.setTcpNoDelay(true);
            transport = device.connectBridge("tcp:" + socket.getRemoteSocketAddress());
            Transport link = transport;
            Thread pump = new Thread(() -> deviceToSocket(link, socket), "sim-pump-" + socket.getLocalPort());
            pump.setDaemon(true);
            pump.start();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                link.write(buf, 0, n);
            }
        } catch (IOException e) {
            // client gone or device link closed: end this power-on
        } finally {
            if (transport != null) {
                try {
                    transport.close();
                } catch (IOException ignored) {
                    // closing an in-process link cannot fail in a way that matters here
                }
            }
            closeQuietly(socket);
        }
    }

    private static void deviceToSocket(Transport link, Socket socket) {
        byte[] buf = new byte[8192];
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                int n = link.read(buf, 0, buf.length, READ_SLICE_MILLIS);
                if (n > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            closeQuietly(socket); // device link closed (e.g. the drop fault): the client sees EOF
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ServerSocket s : servers) {
            closeQuietly(s);
        }
        for (int i = 0; i < devices.length(); i++) {
            VirtualDevice d = devices.get(i);
            if (d != null) {
                d.powerOff();
            }
        }
        servers.clear();
    }
}

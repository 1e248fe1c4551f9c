package dev.flashline.sim.tasmota;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A broker that reads each CONNECT and answers CONNACK with a fixed refusal code (5 = not
 * authorised, what Mosquitto answers a wrong password under MQTT 3.1.1), then hangs up.
 */
final class RefusingBroker implements AutoCloseable {
    private final ServerSocket server;
    private final int returnCode;
    private final Thread thread;

    RefusingBroker(int returnCode) throws IOException {
        this.returnCode = returnCode;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "refusing-broker");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                int type = in.read();
                if (type >> 4 != 1) {
                    continue; // not CONNECT
                }
                int length = 0;
                int shift = 0;
                int b;
                do {
                    b = in.read();
                    length |= (b & 0x7F) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0 && b >= 0);
                in.readNBytes(length);
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {0x20, 0x02, 0x00, (byte) returnCode});
                out.flush();
                s.setSoTimeout(500);
                in.read(); // let the client read the CONNACK before the socket closes
            } catch (IOException e) {
                // next client
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

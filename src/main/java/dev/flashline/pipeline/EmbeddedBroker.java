package dev.flashline.pipeline;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An MQTT broker in the process (Moquette, in memory, anonymous, loopback only) for a simulated
 * run or a test on a machine with nothing installed. Real stations use a real broker.
 */
public final class EmbeddedBroker implements AutoCloseable {
    static {
        // Moquette logs every packet at INFO.
        System.setProperty("org.slf4j.simpleLogger.log.io.moquette", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.messageLogger", "warn");
    }

    private final Server server = new Server();
    private final int port;

    public EmbeddedBroker() throws IOException {
        port = freePort();
        Path data = Files.createTempDirectory("flashline-broker");
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("data_path", data.toString());
        server.startServer(new MemoryConfig(p));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.flashline.pipeline;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

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
    /** Moquette wants a data folder even without persistence: a temporary one, removed on close. */
    private final Path data;

    public EmbeddedBroker() throws IOException {
        port = freePort();
        data = Files.createTempDirectory("flashline-broker");
        data.toFile().deleteOnExit(); // should close never come (a killed test), the JVM's exit still removes it
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("data_path", data.toString());
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException | RuntimeException e) {
            deleteData();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** The broker's temporary data folder (gone once the broker is closed). */
    Path dataFolder() {
        return data;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stopServer();
        } finally {
            deleteData();
        }
    }

    /** The data folder and anything Moquette left in it. */
    private void deleteData() {
        try (Stream<Path> paths = Files.walk(data)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder that will not go is no reason to fail a run; deleteOnExit tries again
        }
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

package dev.flashline.sim.tasmota;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Moquette on a free loopback port, in memory, quiet (it logs every packet at INFO). */
final class EmbeddedBroker implements AutoCloseable {
    static {
        System.setProperty("org.slf4j.simpleLogger.log.io.moquette", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.messageLogger", "warn");
    }

    private final Server server = new Server();
    final int port;

    EmbeddedBroker() throws IOException {
        port = SimulatedTasmotaConsoleTest.freePort();
        Path data = Files.createTempDirectory("moquette");
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

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}

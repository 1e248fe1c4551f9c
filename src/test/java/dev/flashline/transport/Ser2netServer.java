package dev.flashline.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's ser2net 4.x in the foreground, serving one serial device over RFC 2217 on a loopback port. */
public final class Ser2netServer implements AutoCloseable {
    final Process process;
    final int port;
    private final Path dir;

    private Ser2netServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static Ser2netServer start(String device) throws Exception {
        String ser2net = ExternalTools.require("ser2net", "/usr/sbin/ser2net");
        int port = ExternalTools.freePort();
        Path dir = Files.createTempDirectory("ser2net-test");
        Path config = dir.resolve("ser2net.yaml");
        Files.writeString(config, String.join("\n",
                "connection: &dut",
                "  accepter: telnet(rfc2217),tcp,127.0.0.1," + port,
                "  connector: serialdev," + device + ",115200n81,local",
                "  options:",
                "    kickolduser: true",
                ""), StandardCharsets.UTF_8);
        // -n: foreground, -d: debug to stdout, -u: no UUCP lock files, -P: pid file in our temp dir
        Process p = new ProcessBuilder(ser2net, "-n", "-d", "-u", "-P", dir.resolve("ser2net.pid").toString(),
                "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ser2net.log").toFile())
                .start();
        Ser2netServer server = new Ser2netServer(p, port, dir);
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                    String log = Files.readString(dir.resolve("ser2net.log"));
                    server.close();
                    throw new IllegalStateException("ser2net did not start listening on " + port + ": " + log);
                }
                Thread.sleep(50);
            }
        }
    }

    public String url() {
        return "rfc2217://127.0.0.1:" + port;
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}

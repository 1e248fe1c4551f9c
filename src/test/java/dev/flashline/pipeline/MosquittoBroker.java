package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real mosquitto, started in the foreground on a free loopback port (local-only mode:
 * anonymous clients allowed) and stopped by its own PID. Missing binary: skipped, or failed when CI=true.
 */
final class MosquittoBroker implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    final int port;

    MosquittoBroker() throws Exception {
        this(null, null, null);
    }

    /**
     * With {@code user}: password authentication (anonymous clients refused), the one user in a
     * password file made by mosquitto_passwd in {@code dir}.
     */
    MosquittoBroker(Path dir, String user, String password) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("mosquitto is not installed (apt-get install mosquitto): CI must run this test");
            }
            Assumptions.assumeTrue(false, "mosquitto not installed");
        }
        port = EmbeddedBroker.freePort();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(BINARY.toString()));
        if (user == null) {
            command.addAll(java.util.List.of("-p", Integer.toString(port)));
        } else {
            Path passwords = dir.resolve("mosquitto.passwd");
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), user, password)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed");
            }
            Path conf = dir.resolve("mosquitto.conf");
            // Started as root, mosquitto drops to its own user, which cannot read a private temp dir.
            String runAs = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
            Files.writeString(conf, runAs + "listener " + port + " 127.0.0.1\nallow_anonymous false\npassword_file " + passwords + "\n");
            command.addAll(java.util.List.of("-c", conf.toString()));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not start on port " + port);
                }
                Thread.sleep(50);
            }
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        this(0);
    }

    /** On this port (0: a free one), e.g. to start a stopped broker again where its clients look for it. */
    MosquittoBroker(int onPort) throws Exception {
        this(onPort, null);
    }

    /**
     * With {@code persistence} set, sessions and queued messages are saved there when the broker
     * stops and loaded when it starts again (a durable subscriber misses nothing across a restart).
     */
    MosquittoBroker(int onPort, Path persistence) throws Exception {
        this(onPort, persistence, null, null, null);
    }

    /**
     * With {@code user}: password authentication (anonymous clients refused), the one user in a
     * password file made by mosquitto_passwd in {@code dir}.
     */
    MosquittoBroker(Path dir, String user, String password) throws Exception {
        this(0, null, dir, user, password, "");
    }

    /**
     * Password authentication as above, and only clients whose id starts with "flashline" get in
     * (Mosquitto's clientid_prefixes): the station's own connections are let in, the devices' are
     * refused "not authorised" although they log in as the same user.
     */
    static MosquittoBroker onlyTheStation(Path dir, String user, String password) throws Exception {
        return new MosquittoBroker(0, null, dir, user, password, "clientid_prefixes flashline\n");
    }

    private MosquittoBroker(int onPort, Path persistence, Path dir, String user, String password) throws Exception {
        this(onPort, persistence, dir, user, password, "");
    }

    private MosquittoBroker(int onPort, Path persistence, Path dir, String user, String password, String extra)
            throws Exception {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("mosquitto is not installed (apt-get install mosquitto): CI must run this test");
            }
            Assumptions.assumeTrue(false, "mosquitto not installed");
        }
        port = onPort != 0 ? onPort : EmbeddedBroker.freePort();
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-p", Integer.toString(port)));
        // Started as root, mosquitto drops to its own user, which cannot write or read our temp dirs.
        String runAs = "user " + System.getProperty("user.name") + "\n";
        if (persistence != null) {
            Files.createDirectories(persistence);
            Path conf = persistence.resolve("mosquitto.conf");
            Files.writeString(conf, runAs + "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location "
                    + persistence.toAbsolutePath() + "/\n");
            command = List.of(BINARY.toString(), "-c", conf.toString());
        } else if (user != null) {
            Path passwords = dir.resolve("mosquitto.passwd");
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), user, password)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed");
            }
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, runAs + "listener " + port + " 127.0.0.1\nallow_anonymous false\npassword_file " + passwords + "\n" + extra);
            command = List.of(BINARY.toString(), "-c", conf.toString());
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

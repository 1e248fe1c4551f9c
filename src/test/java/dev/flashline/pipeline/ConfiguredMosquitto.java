package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real mosquitto with a config file of the test's choosing (anonymous, password file,
 * TLS listener), on a free loopback port, stopped by its own PID. Also makes the password file
 * (mosquitto_passwd) and a test CA with a server certificate (openssl).
 */
final class ConfiguredMosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    final int port;

    private ConfiguredMosquitto(Path dir, String settings) throws Exception {
        requireTool(BINARY.toString());
        port = EmbeddedBroker.freePort();
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        // Running as root, mosquitto would drop to its own user, who cannot read the test's files.
        Files.writeString(conf, "user root\nlistener " + port + " 127.0.0.1\n" + settings);
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not start: "
                            + Files.readString(dir.resolve("mosquitto-" + port + ".log")));
                }
                Thread.sleep(50);
            }
        }
    }

    static ConfiguredMosquitto anonymous(Path dir) throws Exception {
        return new ConfiguredMosquitto(dir, "allow_anonymous true\n");
    }

    /** Users and passwords as "user", "password", "user", "password"…; anonymous clients refused. */
    static ConfiguredMosquitto withPasswords(Path dir, String... userPassword) throws Exception {
        requireTool("/usr/bin/mosquitto_passwd");
        Path file = dir.resolve("passwd");
        for (int i = 0; i < userPassword.length; i += 2) {
            List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/mosquitto_passwd", "-b"));
            if (!Files.exists(file)) {
                command.add("-c");
            }
            command.addAll(List.of(file.toString(), userPassword[i], userPassword[i + 1]));
            run(dir, command);
        }
        return new ConfiguredMosquitto(dir, "allow_anonymous false\npassword_file " + file + "\n");
    }

    /** A TLS listener with a server certificate for 127.0.0.1 signed by a fresh test CA (written to {@code dir/ca.pem}). */
    static ConfiguredMosquitto withTls(Path dir) throws Exception {
        requireTool("/usr/bin/openssl");
        run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=flashline test CA"));
        run(dir, List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1"));
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(dir, List.of("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.cnf"));
        return new ConfiguredMosquitto(dir, "allow_anonymous true\ncafile " + dir.resolve("ca.pem") + "\ncertfile "
                + dir.resolve("server.pem") + "\nkeyfile " + dir.resolve("server.key") + "\n");
    }

    private static void requireTool(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(path + " is not installed (apt-get install mosquitto openssl): CI must run this test");
            }
            Assumptions.assumeTrue(false, path + " not installed");
        }
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

package dev.flashline.transport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * socat bridging a fresh pseudo-terminal to a TCP port (a virtual device's): the PTY is what
 * jSerialComm opens, as it would a USB adapter's tty. socat connects the TCP side at once, which
 * the virtual device counts as a power-on in download mode.
 */
public final class SocatPtyBridge implements AutoCloseable {
    private static final Pattern PTY = Pattern.compile("PTY is (/dev/pts/\\d+)");

    private final Process process;
    private final String pty;

    private SocatPtyBridge(Process process, String pty) {
        this.process = process;
        this.pty = pty;
    }

    public static SocatPtyBridge toTcp(int port) throws Exception {
        String bin = ExternalTools.require("socat", "/usr/bin/socat");
        Process socat = new ProcessBuilder(bin, "-d", "-d", "pty,raw,echo=0", "tcp:127.0.0.1:" + port)
                .redirectErrorStream(true).start();
        BlockingQueue<String> found = new ArrayBlockingQueue<>(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = PTY.matcher(line);
                    if (m.find()) {
                        found.offer(m.group(1));
                    }
                }
            } catch (Exception ignored) {
                // socat ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        String pty = found.poll(5, TimeUnit.SECONDS);
        if (pty == null) {
            socat.destroy();
            throw new IllegalStateException("socat printed no PTY");
        }
        Thread.sleep(200); // let socat finish connecting the TCP side
        return new SocatPtyBridge(socat, pty);
    }

    /** The PTY's path, e.g. /dev/pts/7. */
    public String pty() {
        return pty;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}

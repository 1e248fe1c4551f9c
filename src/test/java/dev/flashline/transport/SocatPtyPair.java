package dev.flashline.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Two connected pseudo-terminals made by socat: bytes written to one come out of the other. */
final class SocatPtyPair implements AutoCloseable {
    private static final Pattern PTY = Pattern.compile("PTY is (/dev/pts/\\d+)");

    final Process process;
    final String first;
    final String second;

    private SocatPtyPair(Process process, String first, String second) {
        this.process = process;
        this.first = first;
        this.second = second;
    }

    static SocatPtyPair start() throws Exception {
        String socat = ExternalTools.require("socat", "/usr/bin/socat");
        Process p = new ProcessBuilder(socat, "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<String> paths = new ArrayBlockingQueue<>(4);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = PTY.matcher(line);
                    if (m.find()) {
                        paths.offer(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // socat ended
            }
        }, "socat-stderr");
        t.setDaemon(true);
        t.start();
        List<String> found = new ArrayList<>();
        while (found.size() < 2) {
            String path = paths.poll(5, TimeUnit.SECONDS);
            if (path == null) {
                p.destroyForcibly();
                throw new IllegalStateException("socat did not report two PTYs");
            }
            found.add(path);
        }
        return new SocatPtyPair(p, found.get(0), found.get(1));
    }

    /** Ends socat: both PTYs lose their other side. */
    void kill() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

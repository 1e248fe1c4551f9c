package dev.flashline.sim.tasmota;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lines typed on the console (ended by CR, LF or both). One daemon thread reads each console
 * stream until it ends, and is shared by every boot of the firmware on that stream: a blocking
 * read cannot be called off, so a reader per boot would outlive its boot and steal the next
 * boot's input. Lines typed while the device restarts wait for the next boot.
 */
final class ConsoleLines {
    /** Returned by {@link #poll} once the stream has ended. */
    static final String END = new String("<end of console>");
    private static final int MAX_LINE = 4096;
    private static final Map<InputStream, ConsoleLines> READERS = new WeakHashMap<>();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private ConsoleLines() {
    }

    static ConsoleLines of(InputStream in) {
        synchronized (READERS) {
            ConsoleLines existing = READERS.get(in);
            if (existing != null && !existing.ended) {
                return existing;
            }
            ConsoleLines created = new ConsoleLines();
            READERS.put(in, created);
            Thread reader = new Thread(() -> created.readAll(in), "tasmota-console-reader");
            reader.setDaemon(true);
            reader.start();
            return created;
        }
    }

    /** The next line, {@link #END} when the console has closed, or null after the timeout. */
    String poll(long timeoutMillis) throws InterruptedException {
        if (ended && lines.isEmpty()) {
            return END;
        }
        String line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        return line == null && ended ? END : line;
    }

    private void readAll(InputStream in) {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\r' || b == '\n') {
                    if (current.size() > 0) {
                        lines.add(current.toString(StandardCharsets.UTF_8));
                        current.reset();
                    }
                } else if (current.size() < MAX_LINE) {
                    current.write(b);
                }
            }
        } catch (IOException e) {
            // A closed or failed link ends the console exactly as end-of-stream does.
        } finally {
            ended = true;
            lines.add(END);
        }
    }
}

package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.fail;

import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import dev.flashline.sim.firmware.FirmwareSelector;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the virtual device around the firmware: a console the test types into and reads
 * lines from, and the boot loop (select the firmware from flash, run it, boot again on REBOOT).
 */
final class ConsoleHarness implements AutoCloseable {
    static final long TIMEOUT_MILLIS = 15_000;

    final VirtualFlash flash;
    private final FirmwareSelector selector;
    private final QueueInputStream in = new QueueInputStream();
    private final LineCollector out = new LineCollector();
    private final AtomicInteger boots = new AtomicInteger();
    private final List<Firmware.Exit> exits = new ArrayList<>();
    private Thread device;
    private int cursor;

    ConsoleHarness(VirtualFlash flash, FirmwareSelector selector) {
        this.flash = flash;
        this.selector = selector;
    }

    ConsoleHarness start() {
        device = new Thread(() -> {
            try {
                Firmware.Exit exit;
                do {
                    boots.incrementAndGet();
                    exit = selector.select(flash).run(flash, in, out);
                    synchronized (exits) {
                        exits.add(exit);
                    }
                } while (exit == Firmware.Exit.REBOOT);
            } catch (Exception e) {
                out.addLine("HARNESS: firmware threw " + e);
            }
        }, "virtual-device");
        device.setDaemon(true);
        device.start();
        return this;
    }

    void type(String line) {
        in.feed((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    int boots() {
        return boots.get();
    }

    List<Firmware.Exit> exits() {
        synchronized (exits) {
            return List.copyOf(exits);
        }
    }

    /** Waits for the next line (after the previous match) containing {@code fragment}; returns it. */
    String await(String fragment) {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        synchronized (out) {
            while (true) {
                List<String> lines = out.lines;
                for (int i = cursor; i < lines.size(); i++) {
                    if (lines.get(i).contains(fragment)) {
                        cursor = i + 1;
                        return lines.get(i);
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    fail("no console line containing '" + fragment + "' after line " + cursor + "; console:\n"
                            + String.join("\n", lines));
                }
                try {
                    out.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        }
    }

    List<String> lines() {
        synchronized (out) {
            return List.copyOf(out.lines);
        }
    }

    String transcript() {
        return String.join("\n", lines());
    }

    /** Closes the console (the link drops) and waits for the firmware to notice. */
    @Override
    public void close() throws InterruptedException {
        in.end();
        if (device != null) {
            device.join(TIMEOUT_MILLIS);
        }
    }

    boolean finished() {
        return device != null && !device.isAlive();
    }

    /** What the test types: bytes queued until the firmware reads them; -1 after end(). */
    static final class QueueInputStream extends InputStream {
        private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

        void feed(byte[] data) {
            for (byte b : data) {
                bytes.add(b & 0xFF);
            }
        }

        void end() {
            bytes.add(-1);
        }

        @Override
        public int read() {
            try {
                int b = bytes.take();
                if (b < 0) {
                    bytes.add(-1);
                }
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    /** What the firmware prints, split into lines (CR LF or LF). */
    static final class LineCollector extends OutputStream {
        final List<String> lines = new ArrayList<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String line = current.toString(StandardCharsets.UTF_8);
                current.reset();
                addLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            } else {
                current.write(b);
            }
        }

        synchronized void addLine(String line) {
            lines.add(line);
            notifyAll();
        }
    }
}

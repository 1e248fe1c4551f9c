package dev.flashline.sim.tasmota;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The serial log: each line stamped with the uptime as hh:mm:ss.mmm (hh:mm:ss before 9.2), the way Tasmota stamps its
 * log before it has NTP time, and ended with CR LF. Used from the firmware's main thread and its
 * MQTT thread, hence synchronised. A write failure means the link is gone: it is remembered
 * rather than thrown, and the main loop ends the run.
 */
final class TasmotaLog {
    private final OutputStream out;
    private final boolean withMillis;
    private final long bootNanos = System.nanoTime();
    private long lastMillis;
    private volatile boolean broken;
    private volatile boolean muted;

    TasmotaLog(OutputStream out) {
        this(out, true);
    }

    /** @param millis stamps with milliseconds (Tasmota 9.2 on) or whole seconds (up to 9.1) */
    TasmotaLog(OutputStream out, boolean millis) {
        this.out = out;
        this.withMillis = millis;
    }

    long uptimeMillis() {
        return (System.nanoTime() - bootNanos) / 1_000_000;
    }

    /** A line at the real uptime. */
    void line(String text) {
        at(uptimeMillis(), text);
    }

    /**
     * A line at a boot-time stamp ({@code millis} after power-on), never earlier than what was
     * already printed: the boot log shows plausible steps, later lines the real uptime.
     */
    synchronized void at(long millis, String text) {
        long stamp = Math.max(millis, lastMillis);
        lastMillis = stamp;
        String time = String.format("%02d:%02d:%02d", stamp / 3_600_000 % 24, stamp / 60_000 % 60, stamp / 1000 % 60);
        String line = (withMillis ? time + String.format(".%03d", stamp % 1000) : time) + " " + text + "\r\n";
        if (broken || muted) {
            return;
        }
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    /** From now on nothing reaches the serial port (a driver claimed it; Tasmota's serial log level 0). */
    void mute() {
        muted = true;
    }

    boolean broken() {
        return broken;
    }
}

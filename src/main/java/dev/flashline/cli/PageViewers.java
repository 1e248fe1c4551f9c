package dev.flashline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Phones looking at the station page during the soak: every couple of seconds one opens the live
 * event stream ({@code /api/events}), reads it for a moment and goes away, and one asks for
 * {@code /api/state}. Each stream is a subscriber on the line's event bus while it is open; a page
 * visited all day must not leave one behind.
 */
final class PageViewers implements AutoCloseable {
    private static final long EVERY_MILLIS = 2_000;
    private static final int WATCH_MILLIS = 1_000;

    private final int port;
    private final Thread thread;
    private final AtomicLong visits = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopped;

    PageViewers(int port) {
        this.port = port;
        thread = new Thread(this::visitAgainAndAgain, "soak-page-viewers");
        thread.setDaemon(true);
        thread.start();
    }

    private void visitAgainAndAgain() {
        while (!stopped) {
            try {
                Thread.sleep(EVERY_MILLIS);
                visit("/api/events");
                visit("/api/state");
                visits.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                failures.incrementAndGet(); // the page is not up yet, or going away
            }
        }
    }

    /** One HTTP/1.1 request; reads what comes for a moment, then hangs up (as a phone put away does). */
    private void visit(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(WATCH_MILLIS);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            long until = System.currentTimeMillis() + WATCH_MILLIS;
            try {
                while (System.currentTimeMillis() < until && in.read(buf) >= 0) {
                    // reading the stream as a page would
                }
            } catch (SocketTimeoutException e) {
                // nothing more for now: hang up
            }
        }
    }

    /** Page visits made (each: the event stream for a moment, then the state). */
    long visits() {
        return visits.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
    }
}

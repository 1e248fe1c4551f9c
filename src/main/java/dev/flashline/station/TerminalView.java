package dev.flashline.station;

import dev.flashline.events.LineEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * The live table on a TTY (JLine's {@link Display} redraws it in place); finished devices and the
 * line's messages are printed above it and scroll away. Redraws at most {@value #REDRAW_MS} ms apart,
 * off the engine's threads.
 */
public final class TerminalView implements Consumer<LineEvent>, AutoCloseable {
    static final long REDRAW_MS = 200;

    private final Terminal terminal;
    private final StationState state;
    private final Display display;
    private final List<AttributedString> above = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private volatile boolean closed;

    public TerminalView(Terminal terminal, StationState state) {
        this.terminal = terminal;
        this.state = state;
        this.display = new Display(terminal, false);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "station-terminal");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::redraw, 0, REDRAW_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void accept(LineEvent event) {
        if (event instanceof LineEvent.DeviceDone d) {
            synchronized (above) {
                above.add(TableRenderer.finished(d.device(), width()));
            }
        }
    }

    /** A stream whose lines are printed above the table (for the line's own messages). */
    public PrintStream messages() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    synchronized (above) {
                        above.add(new AttributedString(text));
                    }
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** Draws what changed; called by the ticker and once more on close. */
    synchronized void redraw() {
        if (closed) {
            return;
        }
        try {
            Size size = terminal.getSize();
            int width = size.getColumns() > 0 ? size.getColumns() : 100;
            int height = size.getRows() > 0 ? size.getRows() : 40;
            display.resize(height, width);
            List<AttributedString> pending;
            synchronized (above) {
                pending = List.copyOf(above);
                above.clear();
            }
            if (!pending.isEmpty()) {
                display.update(List.of(), 0); // clear the table, print above it, draw it again below
                for (AttributedString s : pending) {
                    terminal.writer().println(s.toAnsi(terminal));
                }
                terminal.writer().flush();
                display.reset();
            }
            List<AttributedString> table = TableRenderer.table(state.snapshot(), width);
            if (table.size() > height - 1) {
                table = table.subList(0, Math.max(1, height - 1));
            }
            AttributedString last = table.get(table.size() - 1);
            display.update(table, size.cursorPos(table.size() - 1, last.columnLength()));
            terminal.flush();
        } catch (RuntimeException e) {
            // a drawing glitch must not stop the line; the next tick draws again
        }
    }

    private int width() {
        int w = terminal.getWidth();
        return w > 0 ? w : 100;
    }

    /** Draws the final state and leaves the cursor below it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redraw();
        synchronized (this) {
            closed = true;
            terminal.writer().println();
            terminal.flush();
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // the terminal is ours alone
        }
    }
}

package dev.flashline.station;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.events.DeviceSummary;
import dev.flashline.events.EventBus;
import dev.flashline.events.LineEvent;
import dev.flashline.transport.SerialPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Everything the operator sees of a run, fed by one {@link EventBus}: the live terminal table (or plain
 * lines, JSON lines, or nothing), the station page, and the batch report written when the batch ends
 * (also on Ctrl-C). The line calls {@link #feed}, {@link #lineStarting}, {@link #lineEnded} and closes it.
 */
public final class OperatorView implements AutoCloseable {
    /** LIVE: the redrawn table on a TTY; PLAIN: one line per step (no TTY); JSON: events on stdout; QUIET: summary only. */
    public enum Mode { LIVE, PLAIN, JSON, QUIET }

    /** {@code webPort}: null = flashline.web.port (default 8266), 0 = no page. */
    public record Options(Mode mode, Integer webPort, PrintStream out, PrintStream err) {
    }

    /** What the line tells the view when it starts; {@code settings} with secrets already masked. */
    public record Line(String station, List<String> ports, int expected, Path dataDir, Map<String, String> config,
                       Map<String, ?> settings) {
    }

    public static final int DEFAULT_WEB_PORT = 8266;
    private static final DateTimeFormatter BATCH_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private final Options options;
    private final EventBus bus = new EventBus();
    private final StationState state = new StationState();
    private final TerminalView terminal;
    private StationServer server;
    private Line line;
    private PrintStream lineConsole;
    private String batchId;
    private Instant started;
    private Thread shutdownHook;
    private boolean ended;

    public OperatorView(Options options) {
        this.options = options;
        bus.subscribe(state);
        this.terminal = options.mode() == Mode.LIVE ? new TerminalView(systemTerminal(), state) : null;
        if (terminal != null) {
            bus.subscribe(terminal);
        }
        if (options.mode() == Mode.JSON) {
            bus.subscribe(EventJson.lines(options.out()));
        }
    }

    /** Plain lines, no page: what `run` did before this view existed (tests, benchmarks). */
    public static OperatorView plain() {
        return new OperatorView(new Options(Mode.PLAIN, 0, System.out, System.err));
    }

    /** LIVE when stderr and stdin are a terminal (and TERM is not dumb), else PLAIN. */
    public static Mode detectMode(boolean quiet, boolean json) {
        if (json) {
            return Mode.JSON;
        }
        if (quiet) {
            return Mode.QUIET;
        }
        boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return tty ? Mode.LIVE : Mode.PLAIN;
    }

    public EventBus bus() {
        return bus;
    }

    public StationState state() {
        return state;
    }

    /** Where the line's own messages go: above the live table, nowhere when quiet, else {@code console}. */
    public PrintStream console(PrintStream console) {
        return switch (options.mode()) {
            case LIVE -> terminal.messages();
            case QUIET -> NOWHERE;
            default -> console;
        };
    }

    /** Where today's per-step lines go: only the plain and JSON modes keep them (JSON ones on stderr). */
    public PrintStream stepLines(PrintStream console) {
        return options.mode() == Mode.PLAIN || options.mode() == Mode.JSON ? console : NOWHERE;
    }

    /** The esp: component's listener: publishes on the bus and passes every callback on to {@code also}. */
    public BusFeed feed(DeviceEvents also, UnaryOperator<String> mask) {
        return new BusFeed(bus, also, mask);
    }

    /** Announces the batch and the waiting ports, and arms the Ctrl-C report. */
    public synchronized void lineStarting(Line l, PrintStream console) {
        this.line = l;
        this.lineConsole = console;
        this.started = Instant.now();
        this.batchId = BATCH_ID.format(started);
        shutdownHook = new Thread(() -> lineEnded(true), "flashline-report");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        bus.publish(new LineEvent.BatchStarted(batchId, l.station(), l.ports(), l.expected()));
        String instruction = instruction(l.config().getOrDefault("flashline.before", "wait"));
        for (String p : l.ports()) {
            bus.publish(new LineEvent.PortWaiting(p, adapter(p), instruction));
        }
    }

    /**
     * Serves the station page on the line's Camel context once it runs (unless --no-web or
     * flashline.web.port = 0); returns the page's port, 0 when off.
     */
    public synchronized int serve(org.apache.camel.CamelContext camel) {
        int port = options.webPort() != null ? options.webPort()
                : Integer.parseInt(line.config().getOrDefault("flashline.web.port", Integer.toString(DEFAULT_WEB_PORT)).trim());
        if (port > 0 && server == null) {
            String host = line.config().getOrDefault("flashline.web.host", "0.0.0.0").trim();
            server = StationServer.start(camel, host, port, state, bus, line.dataDir());
            lineConsole.println("Station page: http://" + shownHost(host) + ":" + server.port() + "/");
        }
        return webPort();
    }

    /** The page's port (0 when it is off). */
    public synchronized int webPort() {
        return server == null ? 0 : server.port();
    }

    public synchronized String batchId() {
        return batchId;
    }

    /** Ends the batch once: tells the viewers, writes the report, prints where it is. */
    public void lineEnded(boolean interrupted) {
        Line l;
        synchronized (this) {
            if (ended || line == null) {
                return;
            }
            ended = true;
            l = line;
        }
        bus.publish(new LineEvent.BatchEnded(batchId, interrupted));
        String where;
        try {
            Map<String, String> settings = new LinkedHashMap<>();
            l.settings().forEach((k, v) -> settings.put(k, String.valueOf(v)));
            List<DeviceSummary> devices = batchDevices(l);
            if (interrupted) {
                // Devices cut by the stop, unless their interrupted record is already in the log.
                for (DeviceSummary cut : state.inFlight()) {
                    boolean recorded = cut.mac() != null && devices.stream()
                            .anyMatch(d -> cut.mac().equals(d.mac()) && cut.port().equals(d.port()));
                    if (!recorded) {
                        devices.add(cut);
                    }
                }
            }
            BatchReport.Written w = BatchReport.write(l.dataDir().resolve("reports"), new BatchReport.Batch(batchId, l.station(),
                    started, Instant.now(), interrupted, devices, settings));
            where = "Batch report: " + w.html().toAbsolutePath() + " (and .csv)";
        } catch (IOException | RuntimeException e) {
            where = "The batch report could not be written: " + e.getMessage();
        }
        if (terminal != null) {
            terminal.close();
        }
        boolean plainLines = options.mode() == Mode.PLAIN || options.mode() == Mode.JSON;
        PrintStream out = plainLines ? lineConsole : options.err();
        if (!plainLines) {
            StationSnapshot.Batch b = state.snapshot().batch();
            out.println(b.provisioned() + " of " + b.done() + " device(s) provisioned" + (b.failed() > 0 ? ", " + b.failed() + " failed." : "."));
        }
        out.println(where);
        out.flush();
    }

    /**
     * Every device of this batch, from its audit records (the station state keeps only the most recent
     * ones, so that a line running all day holds no more in memory at night than in the morning).
     */
    private List<DeviceSummary> batchDevices(Line l) {
        try {
            List<DeviceSummary> devices = new ArrayList<>();
            for (JsonNode r : new AuditLog(l.dataDir()).readJsonFinishedSince(started)) {
                if (l.station().equals(r.path("station").asText()) && !r.hasNonNull("kind")) {
                    devices.add(BusFeed.summary(r, seconds(r)));
                }
            }
            return devices;
        } catch (RuntimeException e) {
            return new ArrayList<>(state.recentOldestFirst()); // the audit log unreadable: the devices in view
        }
    }

    private static double seconds(JsonNode record) {
        try {
            return Duration.between(Instant.parse(record.path("startedAt").asText()),
                    Instant.parse(record.path("finishedAt").asText())).toMillis() / 1000.0;
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    /** Stops the page; the report is written by {@link #lineEnded} (or the Ctrl-C hook) before. */
    @Override
    public void close() {
        Thread hook;
        StationServer s;
        synchronized (this) {
            hook = shutdownHook;
            s = server;
            server = null;
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway
            }
        }
        if (s != null) {
            s.close();
        }
        if (terminal != null) {
            terminal.close();
        }
    }

    static String instruction(String before) {
        return switch (before) {
            case "default-reset" -> "plug in a device (the adapter resets it into download mode)";
            case "no-reset" -> "connect a device already in download mode";
            default -> "hold the button, power up the device";
        };
    }

    static String adapter(String port) {
        if (port.startsWith("socket://")) {
            return "TCP (raw)";
        }
        if (port.startsWith("rfc2217://")) {
            return "RFC 2217";
        }
        try {
            return SerialPorts.list().stream().filter(p -> p.path().equals(port)).map(SerialPorts.PortInfo::description)
                    .findFirst().orElse("serial");
        } catch (RuntimeException | LinkageError e) {
            return "serial";
        }
    }

    private static String shownHost(String host) {
        if (!host.equals("0.0.0.0")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Opening the terminal", e);
        }
    }
}

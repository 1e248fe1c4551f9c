package dev.flashline.station;

import dev.flashline.events.DeviceSummary;
import dev.flashline.events.LineEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The station as the events have told it: one entry per port, the batch counters and the most recent
 * finished devices. Thread-safe; {@link #snapshot()} is what views draw.
 */
public final class StationState implements Consumer<LineEvent> {
    static final int RECENT = 50;

    private final LongSupplier clock;
    private String station = "";
    private final Map<String, Port> ports = new LinkedHashMap<>();
    private final Deque<DeviceSummary> recent = new ArrayDeque<>();
    private String batchId = "";
    private int expected;
    private int started;
    private int provisioned;
    private int failed;
    private boolean ended;
    private boolean interrupted;
    private long batchStart;
    private long batchEnd = -1;
    private long version;

    public StationState(LongSupplier clockMillis) {
        this.clock = clockMillis;
        this.batchStart = clockMillis.getAsLong();
    }

    public StationState() {
        this(System::currentTimeMillis);
    }

    private static final class Port {
        final String port;
        String adapter = "";
        String state = "waiting";
        String mac;
        String name;
        String step;
        Integer progress;
        long since;
        long finished = -1;
        long eta = -1;
        String instruction;
        String cause;
        String hint;
        String ip;

        Port(String port, long now) {
            this.port = port;
            this.since = now;
        }
    }

    @Override
    public synchronized void accept(LineEvent event) {
        long now = clock.getAsLong();
        version++;
        if (event instanceof LineEvent.BatchStarted b) {
            batchId = b.batchId();
            station = b.station();
            expected = b.expected();
            started = provisioned = failed = 0;
            ended = interrupted = false;
            batchStart = now;
            batchEnd = -1;
            b.ports().forEach(p -> port(p, now));
        } else if (event instanceof LineEvent.BatchEnded b) {
            ended = true;
            interrupted = b.interrupted();
            batchEnd = now;
        } else if (event instanceof LineEvent.PortWaiting w) {
            Port p = port(w.port(), now);
            if (w.adapter() != null) {
                p.adapter = w.adapter();
            }
            if (!p.state.equals("done") && !p.state.equals("failed")) {
                reset(p, "waiting", now);
            }
            p.instruction = w.instruction();
        } else if (event instanceof LineEvent.PortDiagnosis d) {
            Port p = port(d.port(), now);
            if (d.cause().equals("no-data")) {
                p.cause = null; // an empty port: nothing to explain beyond the instruction
            } else if (!isBusy(p)) {
                p.state = "trouble";
                p.cause = d.cause() + ": " + d.detail();
                p.hint = d.hint();
            }
        } else if (event instanceof LineEvent.DeviceFound f) {
            Port p = port(f.port(), now);
            reset(p, "connecting", now);
            p.mac = f.mac();
            started++;
        } else if (event instanceof LineEvent.StepStarted s) {
            Port p = port(s.port(), now);
            p.step = s.step();
            p.state = StepStates.state(s.step());
            p.progress = null;
            p.eta = -1;
        } else if (event instanceof LineEvent.Progress g) {
            Port p = port(g.port(), now);
            if (g.step() != null) {
                p.step = g.step();
                p.state = StepStates.state(g.step());
            }
            p.progress = (int) Math.floor(g.fraction() * 100);
            p.eta = g.etaSeconds();
        } else if (event instanceof LineEvent.StepDone d) {
            Port p = port(d.port(), now);
            p.progress = null;
            p.eta = -1;
        } else if (event instanceof LineEvent.StepFailed f) {
            Port p = port(f.port(), now);
            p.state = "failed";
            p.step = f.step();
            p.cause = f.message();
            p.hint = f.hint();
            p.progress = null;
        } else if (event instanceof LineEvent.DeviceDone d) {
            Port p = port(d.port(), now);
            DeviceSummary s = d.device();
            p.state = s.provisioned() ? "done" : "failed";
            p.finished = now;
            p.progress = null;
            p.eta = -1;
            p.mac = s.mac();
            p.name = s.name();
            p.ip = s.ip();
            p.instruction = "swap in the next device";
            if (!s.provisioned()) {
                p.step = s.failedStep();
                p.cause = s.failedStep() + ": " + s.message();
                p.hint = s.hint();
            }
            if (s.provisioned()) {
                provisioned++;
            } else {
                failed++;
            }
            recent.addFirst(s);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    /** Rises with every event: a cheap "has anything changed" for pollers. */
    public synchronized long version() {
        return version;
    }

    public synchronized String batchId() {
        return batchId;
    }

    public synchronized StationSnapshot snapshot() {
        long now = clock.getAsLong();
        List<PortRow> rows = new ArrayList<>();
        int active = 0;
        for (Port p : ports.values()) {
            if (isBusy(p)) {
                active++;
            }
            boolean idle = p.state.equals("waiting") || p.state.equals("trouble");
            rows.add(new PortRow(p.port, p.adapter, p.state, StepStates.label(p.state, p.progress), p.mac, p.name, p.step,
                    p.progress, idle ? 0 : (p.finished >= 0 ? p.finished : now) - p.since, p.eta, p.instruction, p.cause, p.hint, p.ip));
        }
        long elapsed = (batchEnd >= 0 ? batchEnd : now) - batchStart;
        return new StationSnapshot(rows, new StationSnapshot.Batch(batchId, station, expected, started, provisioned, failed,
                active, ended, interrupted, elapsed), List.copyOf(recent));
    }

    /** The finished devices of this batch, oldest first (for the report). */
    public synchronized List<DeviceSummary> recentOldestFirst() {
        List<DeviceSummary> list = new ArrayList<>(recent);
        java.util.Collections.reverse(list);
        return list;
    }

    /** Devices still going down the line (for a report written on Ctrl-C): status "interrupted" at their step. */
    public synchronized List<DeviceSummary> inFlight() {
        long now = clock.getAsLong();
        List<DeviceSummary> list = new ArrayList<>();
        for (Port p : ports.values()) {
            if (isBusy(p)) {
                list.add(new DeviceSummary(null, p.port, "interrupted", p.mac, null, p.name, null, null, null, null, null, null,
                        p.step, "interrupted: the line was stopped during this step", "Run the device again.", null,
                        (now - p.since) / 1000.0, List.of()));
            }
        }
        return list;
    }

    private static boolean isBusy(Port p) {
        return !(p.state.equals("waiting") || p.state.equals("trouble") || p.state.equals("done") || p.state.equals("failed"));
    }

    private Port port(String name, long now) {
        return ports.computeIfAbsent(name, n -> new Port(n, now));
    }

    private static void reset(Port p, String state, long now) {
        p.state = state;
        p.since = now;
        p.finished = -1;
        p.mac = null;
        p.name = null;
        p.step = null;
        p.progress = null;
        p.eta = -1;
        p.cause = null;
        p.hint = null;
        p.ip = null;
        if (!state.equals("waiting")) {
            p.instruction = null;
        }
    }
}

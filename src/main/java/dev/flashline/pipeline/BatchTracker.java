package dev.flashline.pipeline;

import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.SecretMasker;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.StepRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The station's console: one line per device event and step, progress of long steps in quarters,
 * and a summary table (port, MAC, status, seconds, cause) once the batch is done. A line that runs
 * all day keeps only the last {@value #KEPT_ROWS} devices' rows (the audit log and the batch
 * report have them all) and counts the rest.
 */
public final class BatchTracker implements DeviceEvents {
    /**
     * One finished device, as the summary shows it; {@code ip}, {@code hostname} and {@code rssi}
     * say where it is on the network (null where it never got there or did not say); its steps are
     * for the line benchmark (first the port's connect, time unknown).
     */
    public record Row(String port, String mac, String status, double seconds, double wireSeconds, String cause,
                      String profile, String ip, String hostname, Integer rssi, List<StepRecord> steps) {
    }

    private final PrintStream out;
    private final SecretMasker masker;
    private final int expected;
    private final CountDownLatch done;
    static final int KEPT_ROWS = 500;

    private final Deque<Row> rows = new ArrayDeque<>();
    /** Devices finished, and provisioned among them, since the line started (rows or not). */
    private int finished;
    private int provisioned;
    private final Map<String, Integer> lastQuarter = new ConcurrentHashMap<>();
    private volatile BiConsumer<DeviceRun, AuditRecord> whenDone = (run, record) -> { };

    /** {@code expected}: devices in the batch (0: run until stopped). */
    public BatchTracker(PrintStream out, SecretMasker masker, int expected) {
        this.out = out;
        this.masker = masker;
        this.expected = expected;
        this.done = new CountDownLatch(expected > 0 ? expected : 1);
    }

    @Override
    public void deviceFound(DeviceRun run) {
        say(run, String.format("found %s, MAC %s, flash %s", run.chip().chip(), run.chip().mac(), run.chip().flashSize()));
    }

    @Override
    public void stepDone(DeviceRun run, StepRecord step) {
        say(run, String.format("%-16s %s (%d ms)", step.name(), step.ok() ? "ok" : "FAILED", step.ms()));
    }

    @Override
    public void attemptFailed(String port, String mac, int attempt, int attempts, String cause, String hint) {
        String who = "[" + port + (mac == null ? "" : " " + mac) + "] ";
        String next = attempt < attempts ? "trying again" : "recording it failed and moving on";
        out.println(masker.mask(who + "attempt " + attempt + " of " + attempts + " failed: " + cause
                + (hint == null || hint.isBlank() ? "" : " Hint: " + hint) + " (" + next + ")"));
        out.flush();
    }

    @Override
    public void progress(DeviceRun run, String phase, long doneBytes, long total) {
        int quarter = total <= 0 ? 4 : (int) (doneBytes * 4 / total);
        String key = run.port() + "/" + phase;
        Integer last = lastQuarter.put(key, quarter);
        if (last == null || last != quarter) {
            say(run, String.format("%-16s %3d%%", phase, quarter * 25));
        }
    }

    /** Also tells {@code listener} of each finished device, before the batch can count it done. */
    public void whenDeviceDone(BiConsumer<DeviceRun, AuditRecord> listener) {
        this.whenDone = listener;
    }

    /** Called once the device's audit record is on disk. */
    public void deviceDone(DeviceRun run, AuditRecord record) {
        double seconds = Duration.between(run.startedAt(), Instant.now()).toMillis() / 1000.0;
        String cause = record.error() == null ? "" : record.failedStep() + ": " + record.error().message();
        double wire = run.session() == null ? 0 : run.session().loader().link().wireSeconds();
        synchronized (rows) {
            AuditRecord.NetworkInfo net = record.network();
            rows.addLast(new Row(run.port(), record.mac(), record.status(), seconds, wire, masker.mask(cause),
                    record.profile() == null ? "-" : record.profile(),
                    net == null ? null : net.ip(), net == null ? null : net.hostname(), net == null ? null : net.rssi(),
                    stepsWithConnect(run)));
            while (rows.size() > KEPT_ROWS) {
                rows.removeFirst();
            }
            finished++;
            if (record.status().equals(AuditRecord.PROVISIONED)) {
                provisioned++;
            }
        }
        String where = record.network() == null ? "" : ", web page http://" + record.network().ip() + "/";
        say(run, record.status().toUpperCase() + (cause.isEmpty() ? "" : " at " + cause) + String.format(" (%.1f s)", seconds) + where);
        whenDone.accept(run, record);
        done.countDown();
    }

    private static List<StepRecord> stepsWithConnect(DeviceRun run) {
        List<StepRecord> steps = new ArrayList<>();
        if (run.connected() != null) {
            steps.add(run.connected());
        }
        steps.addAll(run.steps());
        return steps;
    }

    public boolean awaitBatch(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    public void awaitBatch() throws InterruptedException {
        done.await();
    }

    /** The finished devices' rows, oldest first: all of them, or the last {@value #KEPT_ROWS}. */
    public List<Row> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    /** Devices finished since the line started. */
    public int finished() {
        synchronized (rows) {
            return finished;
        }
    }

    public boolean allProvisioned() {
        synchronized (rows) {
            return finished > 0 && (expected == 0 || finished >= expected) && provisioned == finished;
        }
    }

    public void printSummary() {
        List<Row> r;
        int all;
        int ok;
        synchronized (rows) {
            r = List.copyOf(rows);
            all = finished;
            ok = provisioned;
        }
        out.println();
        if (all > r.size()) {
            out.println("(" + (all - r.size()) + " earlier device(s) not listed: the audit log and the batch report have every device)");
        }
        // IP, host name and RSSI let the operator open each device's web page.
        out.println(String.format("%-28s %-17s %-16s %-11s %8s  %-15s %-20s %4s  %s", "PORT", "MAC", "PROFILE", "STATUS",
                "SECONDS", "IP", "HOSTNAME", "RSSI", "CAUSE"));
        for (Row row : r) {
            out.println(String.format("%-28s %-17s %-16s %-11s %8.1f  %-15s %-20s %4s  %s", row.port(), orDash(row.mac()),
                    row.profile(), row.status(), row.seconds(), orDash(row.ip()), orDash(row.hostname()),
                    row.rssi() == null ? "-" : row.rssi().toString(), row.cause()));
        }
        out.println(String.format("%d of %d device(s) provisioned.", ok, all));
        out.flush();
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private void say(DeviceRun run, String text) {
        String mac = run.chip() == null ? "" : " " + run.chip().mac();
        out.println(masker.mask("[" + run.port() + mac + "] " + text));
        out.flush();
    }
}

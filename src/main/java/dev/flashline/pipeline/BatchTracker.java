package dev.flashline.pipeline;

import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.SecretMasker;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.StepRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The station's console: one line per device event and step, progress of long steps in quarters,
 * and a summary table (port, MAC, status, seconds, cause) once the batch is done.
 */
public final class BatchTracker implements DeviceEvents {
    /** One finished device, as the summary shows it, with its steps (for the line benchmark; first the port's connect, time unknown). */
    public record Row(String port, String mac, String status, double seconds, double wireSeconds, String cause,
                      List<StepRecord> steps) {
    }

    private final PrintStream out;
    private final SecretMasker masker;
    private final int expected;
    private final CountDownLatch done;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Integer> lastQuarter = new ConcurrentHashMap<>();

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
    public void progress(DeviceRun run, String phase, long doneBytes, long total) {
        int quarter = total <= 0 ? 4 : (int) (doneBytes * 4 / total);
        String key = run.port() + "/" + phase;
        Integer last = lastQuarter.put(key, quarter);
        if (last == null || last != quarter) {
            say(run, String.format("%-16s %3d%%", phase, quarter * 25));
        }
    }

    /** Called once the device's audit record is on disk. */
    public void deviceDone(DeviceRun run, AuditRecord record) {
        double seconds = Duration.between(run.startedAt(), Instant.now()).toMillis() / 1000.0;
        String cause = record.error() == null ? "" : record.failedStep() + ": " + record.error().message();
        double wire = run.session() == null ? 0 : run.session().loader().link().wireSeconds();
        synchronized (rows) {
            rows.add(new Row(run.port(), record.mac(), record.status(), seconds, wire, masker.mask(cause), stepsWithConnect(run)));
        }
        say(run, record.status().toUpperCase() + (cause.isEmpty() ? "" : " at " + cause) + String.format(" (%.1f s)", seconds));
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

    public List<Row> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    public boolean allProvisioned() {
        List<Row> r = rows();
        return !r.isEmpty() && (expected == 0 || r.size() >= expected) && r.stream().allMatch(x -> x.status().equals("provisioned"));
    }

    public void printSummary() {
        List<Row> r = rows();
        out.println();
        out.println(String.format("%-28s %-17s %-11s %8s  %s", "PORT", "MAC", "STATUS", "SECONDS", "CAUSE"));
        for (Row row : r) {
            out.println(String.format("%-28s %-17s %-11s %8.1f  %s", row.port(), row.mac() == null ? "-" : row.mac(),
                    row.status(), row.seconds(), row.cause()));
        }
        long ok = r.stream().filter(x -> x.status().equals("provisioned")).count();
        out.println(String.format("%d of %d device(s) provisioned.", ok, r.size()));
        out.flush();
    }

    private void say(DeviceRun run, String text) {
        String mac = run.chip() == null ? "" : " " + run.chip().mac();
        out.println(masker.mask("[" + run.port() + mac + "] " + text));
        out.flush();
    }
}

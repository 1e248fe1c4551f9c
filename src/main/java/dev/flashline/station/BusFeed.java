package dev.flashline.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.audit.AuditRecord;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.StepRecord;
import dev.flashline.events.DeviceSummary;
import dev.flashline.events.EventBus;
import dev.flashline.events.LineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Turns the esp: component's {@link DeviceEvents} callbacks (and the audit step's "device done") into
 * {@link LineEvent}s on the bus, passing each callback on to {@code also} (today's console tracker).
 * Progress is measured here (rate, ETA) and published at most every {@value #PROGRESS_EVERY_MS} ms per port.
 */
public final class BusFeed implements DeviceEvents {
    static final long PROGRESS_EVERY_MS = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBus bus;
    private final DeviceEvents also;
    private final UnaryOperator<String> mask;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();

    /** Where one port's current byte-moving phase began, and when it was last published. */
    private record Phase(String name, long startNanos, long lastPublishNanos) {
    }

    public BusFeed(EventBus bus, DeviceEvents also, UnaryOperator<String> mask) {
        this.bus = bus;
        this.also = also == null ? DeviceEvents.NONE : also;
        this.mask = mask == null ? UnaryOperator.identity() : mask;
    }

    @Override
    public void deviceFound(DeviceRun run) {
        also.deviceFound(run);
        var chip = run.chip();
        bus.publish(new LineEvent.DeviceFound(run.port(), chip == null ? null : chip.chip(), chip == null ? null : chip.mac(),
                chip == null ? null : chip.flashSize()));
    }

    @Override
    public void stepStarted(DeviceRun run, String step) {
        also.stepStarted(run, step);
        phases.remove(run.port());
        bus.publish(new LineEvent.StepStarted(run.port(), mac(run), step));
    }

    @Override
    public void noDevice(String port, String cause, String detail, String hint) {
        also.noDevice(port, cause, detail, hint);
        bus.publish(new LineEvent.PortDiagnosis(port, cause, mask.apply(detail), mask.apply(hint)));
    }

    @Override
    public void attemptFailed(String port, String mac, int attempt, int attempts, String cause, String hint) {
        also.attemptFailed(port, mac, attempt, attempts, cause, hint);
        bus.publish(new LineEvent.PortDiagnosis(port, "attempt " + attempt + " of " + attempts, mask.apply(cause), mask.apply(hint)));
    }

    @Override
    public void stepDone(DeviceRun run, StepRecord step) {
        also.stepDone(run, step);
        phases.remove(run.port());
        if (step.ok()) {
            bus.publish(new LineEvent.StepDone(run.port(), step.name(), step.ms()));
        }
        // A failed step is published with its message once the audit step knows it (deviceDone).
    }

    @Override
    public void progress(DeviceRun run, String phase, long done, long total) {
        also.progress(run, phase, done, total);
        long now = System.nanoTime();
        Phase p = phases.get(run.port());
        if (p == null || !p.name().equals(phase)) {
            p = new Phase(phase, now, 0);
            phases.put(run.port(), p);
        }
        boolean last = done >= total;
        if (!last && p.lastPublishNanos() != 0 && now - p.lastPublishNanos() < PROGRESS_EVERY_MS * 1_000_000) {
            return;
        }
        phases.put(run.port(), new Phase(phase, p.startNanos(), now));
        double seconds = (now - p.startNanos()) / 1e9;
        long rate = seconds > 0.2 && done > 0 ? (long) (done / seconds) : -1;
        long eta = rate > 0 ? Math.max(0, (total - done) / rate) : -1;
        bus.publish(new LineEvent.Progress(run.port(), run.failedStep(), phase, done, total, rate, eta));
    }

    /** The device's audit record is on disk: publish its failure (if any) and its summary. */
    public void deviceDone(DeviceRun run, AuditRecord record) {
        phases.remove(run.port());
        DeviceSummary summary = summary(record, Duration.between(run.startedAt(), Instant.now()).toMillis() / 1000.0);
        if (!summary.provisioned()) {
            bus.publish(new LineEvent.StepFailed(run.port(), summary.failedStep(), summary.message(), summary.hint(), summary.code()));
        }
        bus.publish(new LineEvent.DeviceDone(run.port(), summary));
    }

    /**
     * A summary read from the record's JSON form, so fields other branches add (profile, network, an
     * error code) are picked up where present. The record's texts are masked already.
     */
    static DeviceSummary summary(AuditRecord record, double seconds) {
        return summary((JsonNode) JSON.valueToTree(record), seconds);
    }

    /** The same from a record as read back from the audit log. */
    static DeviceSummary summary(JsonNode r, double seconds) {
        List<DeviceSummary.StepTime> steps = new ArrayList<>();
        for (JsonNode s : r.path("steps")) {
            steps.add(new DeviceSummary.StepTime(s.path("name").asText(), s.path("ok").asBoolean(), s.path("ms").asLong()));
        }
        String name = text(r.path("config").path("deviceName"));
        return new DeviceSummary(text(r.path("id")), text(r.path("port")), text(r.path("status")), text(r.path("mac")),
                text(r.path("chip")), name, text(r.path("profile")), text(r.path("network").path("ip")),
                text(r.path("firmware").path("name")), text(r.path("firmware").path("version")),
                text(r.path("firmware").path("sha256")), text(r.path("backup").path("path")), text(r.path("failedStep")),
                text(r.path("error").path("message")), text(r.path("error").path("hint")), text(r.path("error").path("code")),
                seconds, steps);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String mac(DeviceRun run) {
        return run.chip() == null ? null : run.chip().mac();
    }
}

package dev.flashline.camel;

import dev.flashline.flasher.FlashSession;
import dev.flashline.tasmota.TasmotaConsole;
import dev.flashline.target.ChipInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Everything known about one device while it goes down the line: its connection, identity, the
 * steps done (with their time), and facts later steps and the audit record need.
 */
public final class DeviceRun {
    private final String port;
    private final Instant startedAt = Instant.now();
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, Object> facts = new ConcurrentHashMap<>();
    private volatile String currentStep;
    private FlashSession session;
    private ChipInfo chip;
    private TasmotaConsole console;
    private DeviceEvents events = DeviceEvents.NONE;

    public DeviceRun(String port) {
        this.port = port;
    }

    public DeviceRun(String port, DeviceEvents events) {
        this.port = port;
        this.events = events;
    }

    public DeviceEvents events() {
        return events;
    }

    /** Runs one named step, recording whether it succeeded and how long it took. */
    public <T> T step(String name, Supplier<T> work) {
        currentStep = name;
        events.stepStarted(this, name);
        long start = System.nanoTime();
        boolean ok = false;
        try {
            T result = work.get();
            ok = true;
            return result;
        } finally {
            StepRecord record = new StepRecord(name, ok, (System.nanoTime() - start) / 1_000_000);
            synchronized (steps) {
                steps.add(record);
            }
            events.stepDone(this, record);
            if (ok) {
                currentStep = null;
            }
        }
    }

    public void step(String name, Runnable work) {
        step(name, () -> {
            work.run();
            return null;
        });
    }

    /** The step that was running when something failed (null when none was). */
    public String failedStep() {
        return currentStep;
    }

    public List<StepRecord> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    public boolean stepSucceeded(String name) {
        return steps().stream().anyMatch(s -> s.name().equals(name) && s.ok());
    }

    public String port() {
        return port;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public FlashSession session() {
        return session;
    }

    void session(FlashSession value) {
        this.session = value;
        this.chip = value.chip();
    }

    public ChipInfo chip() {
        return chip;
    }

    public TasmotaConsole console() {
        return console;
    }

    void console(TasmotaConsole value) {
        this.console = value;
    }

    public void fact(String key, Object value) {
        if (value != null) {
            facts.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T fact(String key) {
        return (T) facts.get(key);
    }

    /** Releases the port (without any reset); safe to call twice. */
    public void close() {
        FlashSession s = session;
        if (s != null) {
            s.release();
        }
    }
}

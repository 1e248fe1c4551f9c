package dev.flashline.camel;

import dev.flashline.audit.BackupRef;
import dev.flashline.catalog.FetchedFirmware;
import dev.flashline.config.DeviceProfile;
import dev.flashline.config.DeviceSettings;
import dev.flashline.flasher.FlashSession;
import dev.flashline.tasmota.NetworkInfo;
import dev.flashline.tasmota.TasmotaConsole;
import dev.flashline.chip.ChipInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything known about one device while it goes down the line: its connection, identity, the
 * steps done (with their time), and what later steps and the audit record need, each in a typed
 * field. The component fills the device facts (identity, written region, verify, boot version);
 * the line's beans fill the rest (backup, firmware, settings, what the broker showed).
 */
public final class DeviceRun {
    /** What {@code esp:flash} wrote: the region and the MD5 of the bytes, for {@code esp:verify}. */
    public record FlashWrite(int offset, int size, String md5) {
    }

    /** Outcome of a flash verification ({@code method}: "md5"). */
    public record Verification(String method, boolean ok) {
    }

    /** The MQTT part of the configuration that was sent: how many answers to expect, whether Tasmota restarts after it. */
    public record Backlog(int commands, boolean restarts) {
    }

    private final String id = java.util.UUID.randomUUID().toString();
    private final String port;
    private final Instant startedAt = Instant.now();
    private final List<StepRecord> steps = new ArrayList<>();
    private final DeviceEvents events;
    private volatile String currentStep;

    // The connection.
    private volatile FlashSession session;
    private volatile StepRecord connected;
    private volatile ChipInfo chip;
    private volatile TasmotaConsole console;
    private volatile boolean releaseOnCompletion;
    private volatile RuntimeException connectFailure;

    // Flashing.
    private volatile String backupSha256;
    private volatile java.util.BitSet blankSectors;
    private volatile BackupRef backup;
    private volatile FetchedFirmware firmware;
    private volatile FlashWrite written;
    private volatile byte[] writtenBytes;
    private volatile Verification verification;
    private volatile String bootVersion;

    // The device profile (config/profiles.yaml) this device is set up with; null without one.
    private volatile DeviceProfile profile;

    // Configuration and network (nanoTime marks: broker messages count only after them).
    private volatile DeviceSettings settings;
    private volatile Long configuredAt;
    private volatile Long mqttMark;
    private volatile Backlog backlog;
    private volatile boolean online;
    private volatile String reportedFirmwareVersion;
    private volatile NetworkInfo network;

    public DeviceRun(String port) {
        this(port, DeviceEvents.NONE);
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
        if (Thread.currentThread().isInterrupted()) { // the line is stopping: start nothing new on the device
            throw dev.flashline.errors.FlashlineException.interrupted("before step '" + name + "': the line is stopping", null);
        }
        events.stepStarted(this, name);
        long start = System.nanoTime();
        long bytesBefore = linkBytes();
        double wireBefore = linkSeconds();
        boolean ok = false;
        try {
            T result = work.get();
            ok = true;
            return result;
        } finally {
            StepRecord record = new StepRecord(name, ok, (System.nanoTime() - start) / 1_000_000,
                    linkBytes() - bytesBefore, linkSeconds() - wireBefore);
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

    /** The step that was running when something failed (null when none was), or the one named by {@link #failedAt}. */
    public String failedStep() {
        return currentStep;
    }

    /**
     * Names the step a failure belongs to when it differs from the step that was waiting, e.g. a
     * device that never booted again, found while waiting for its Wi-Fi, fails at "boot".
     */
    public void failedAt(String step) {
        this.currentStep = step;
    }

    public List<StepRecord> steps() {
        synchronized (steps) {
            return List.copyOf(steps);
        }
    }

    public boolean stepSucceeded(String name) {
        return steps().stream().anyMatch(s -> s.name().equals(name) && s.ok());
    }

    /** This run's id: its journal entry and its audit record carry it. */
    public String id() {
        return id;
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
        if (currentStep == null) { // the port's watcher connected before this run began: its time is unknown (ms -1)
            this.connected = new StepRecord("connect", true, -1, linkBytes(), linkSeconds());
        }
    }

    /** The bootloader traffic of connecting (sync, stub upload, baud change) before the run began; null when a step connected. */
    public StepRecord connected() {
        return connected;
    }

    /** A device that never got connected: what identification found, if it got that far. */
    void chip(ChipInfo value) {
        this.chip = value;
    }

    /**
     * Why this device could not be connected after every attempt (null for a connected device):
     * its first esp: step fails with it, at step "connect", so the route records it failed.
     */
    public RuntimeException connectFailure() {
        return connectFailure;
    }

    void connectFailure(RuntimeException value) {
        this.connectFailure = value;
    }

    /** Chip, MAC and flash of the device (null until connected). */
    public ChipInfo chip() {
        return chip;
    }

    public TasmotaConsole console() {
        return console;
    }

    void console(TasmotaConsole value) {
        this.console = value;
    }

    /** True when the component opened the port for this exchange and lets go of it once the exchange completes. */
    boolean releaseOnCompletion() {
        return releaseOnCompletion;
    }

    void releaseOnCompletion(boolean value) {
        this.releaseOnCompletion = value;
    }

    /** sha256 of the whole flash as {@code esp:backup} read it (null until read). */
    public String backupSha256() {
        return backupSha256;
    }

    void backupSha256(String value) {
        this.backupSha256 = value;
    }

    /** 4 KB sectors the whole-flash backup found all 0xFF (null until backed up); a copy. */
    public java.util.BitSet blankSectors() {
        java.util.BitSet b = blankSectors;
        return b == null ? null : (java.util.BitSet) b.clone();
    }

    void blankSectors(java.util.BitSet value) {
        this.blankSectors = value;
    }

    /** The stored backup of the flash as it was (null when the route took none). */
    public BackupRef backup() {
        return backup;
    }

    public void backup(BackupRef value) {
        this.backup = value;
    }

    /** The firmware chosen from the catalog (null until chosen). */
    public FetchedFirmware firmware() {
        return firmware;
    }

    public void firmware(FetchedFirmware value) {
        this.firmware = value;
    }

    /** What {@code esp:flash} wrote (null until written). */
    public FlashWrite written() {
        return written;
    }

    void written(FlashWrite region, byte[] bytes) {
        this.written = region;
        this.writtenBytes = bytes;
    }

    /** The bytes {@code esp:flash} wrote (after the header patch), for the flasher's verify. */
    byte[] writtenBytes() {
        return writtenBytes;
    }

    /** The flash verification, or null when none ran. */
    public Verification verification() {
        return verification;
    }

    void verification(Verification value) {
        this.verification = value;
    }

    /** The firmware version the device printed when it booted (null until seen). */
    public String bootVersion() {
        return bootVersion;
    }

    public void bootVersion(String value) {
        this.bootVersion = value;
    }

    /** The device profile used (its devices.csv row's, else the batch's); null without one or before the profile step. */
    public DeviceProfile profile() {
        return profile;
    }

    public void profile(DeviceProfile value) {
        this.profile = value;
    }

    /** Name, topic, module… the device is configured with (null until chosen). */
    public DeviceSettings settings() {
        return settings;
    }

    public void settings(DeviceSettings value) {
        this.settings = value;
    }

    /** When Wi-Fi and MQTT were sent over the console (System.nanoTime()); null before. */
    public Long configuredAt() {
        return configuredAt;
    }

    public void configuredAt(long nanoTime) {
        this.configuredAt = nanoTime;
    }

    /** From when (System.nanoTime()) broker answers count for the next wait; null before any mark. */
    public Long mqttMark() {
        return mqttMark;
    }

    public void mqttMark(long nanoTime) {
        this.mqttMark = nanoTime;
    }

    /** The MQTT configuration sent (null until sent). */
    public Backlog backlog() {
        return backlog;
    }

    public void backlog(Backlog value) {
        this.backlog = value;
    }

    /** True once the device's LWT "Online" was seen after its configuration. */
    public boolean online() {
        return online;
    }

    public void online(boolean value) {
        this.online = value;
    }

    /** The firmware version the device reported over MQTT (Status 2), null until then. */
    public String reportedFirmwareVersion() {
        return reportedFirmwareVersion;
    }

    public void reportedFirmwareVersion(String value) {
        this.reportedFirmwareVersion = value;
    }

    /** Where the device is on the network (IP, host name, RSSI); null until it got an address. */
    public NetworkInfo network() {
        return network;
    }

    public void network(NetworkInfo value) {
        this.network = value;
    }

    /** Bootloader bytes sent and received on this run's line so far (0 before it is connected). */
    private long linkBytes() {
        FlashSession s = session;
        return s == null ? 0 : s.loader().link().bytesSent() + s.loader().link().bytesReceived();
    }

    private double linkSeconds() {
        FlashSession s = session;
        return s == null ? 0 : s.loader().link().wireSeconds();
    }

    /** Releases the port (without any reset); safe to call twice. */
    public void close() {
        FlashSession s = session;
        if (s != null) {
            s.release();
        }
    }
}

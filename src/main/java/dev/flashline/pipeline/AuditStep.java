package dev.flashline.pipeline;

import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditOutbox;
import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.RunJournal;
import dev.flashline.audit.SecretMasker;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.StepRecord;
import dev.flashline.catalog.FetchedFirmware;
import dev.flashline.config.DeviceSettings;
import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.tasmota.NetworkInfo;
import java.time.Instant;
import org.apache.camel.Exchange;

/**
 * Bean {@code audit}: writes the device's record (forced to disk before the device is reported
 * done) and leaves it, as JSON, in the body for publishing. "provisioned" needs a passed verify
 * and the device online; anything less is written as "failed". The record then waits in the
 * outbox for the broker, and the device's journal entry is removed.
 */
public final class AuditStep {
    private final AuditLog log;
    private final SecretMasker masker;
    private final ProvisioningSettings settings;
    private final BatchTracker tracker;
    private final RunJournal journal;
    private final AuditOutbox outbox;
    private final DeviceWatch watch;

    public AuditStep(AuditLog log, SecretMasker masker, ProvisioningSettings settings, BatchTracker tracker,
                     RunJournal journal, AuditOutbox outbox, DeviceWatch watch) {
        this.log = log;
        this.masker = masker;
        this.settings = settings;
        this.tracker = tracker;
        this.journal = journal;
        this.outbox = outbox;
        this.watch = watch;
    }

    public void provisioned(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        if (!run.stepSucceeded("verify")) {
            finish(exchange, run, "verify", ErrorCode.ROUTE_INCOMPLETE, "The route ended without a passed flash verification",
                    "Keep esp:verify in routes/: a device is only provisioned when its flash was verified.");
        } else if (!run.online()) {
            finish(exchange, run, "mqtt-online", ErrorCode.ROUTE_INCOMPLETE, "The route ended without seeing the device online on MQTT",
                    "Keep deviceWatch.awaitOnline in routes/.");
        } else {
            finish(exchange, run, null, null, null, null);
        }
    }

    public void failed(Exchange exchange) {
        DeviceRun run = exchange.getProperty(dev.flashline.camel.EspConstants.DEVICE_RUN, DeviceRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String message = cause == null ? "unknown failure" : describe(cause);
        FlashlineException flashline = FlashlineException.find(cause).orElse(null);
        String hint = flashline != null ? masker.mask(flashline.hint(LineSettings.PROPERTIES))
                : "See the station log; run the device again once the cause is fixed.";
        if (run == null) {
            throw new IllegalStateException("failure outside a device run: " + masker.mask(message));
        }
        String step = run.failedStep() != null ? run.failedStep() : "unknown";
        boolean interrupted = Thread.currentThread().isInterrupted() || byInterrupt(cause)
                || ErrorCode.of(cause) == ErrorCode.INTERRUPTED;
        if (interrupted && !message.startsWith("interrupted")) {
            // The line is stopping (Ctrl-C, SIGTERM): whatever the step then reported, that is the cause.
            message = "interrupted: the line was stopped during this step (" + message + ")";
            hint = "Put the device back on a watched port once the line runs again; it is provisioned from the start.";
        }
        finish(exchange, run, step, interrupted ? ErrorCode.INTERRUPTED : cause == null ? ErrorCode.INTERNAL : ErrorCode.of(cause),
                message, hint);
    }

    private static boolean byInterrupt(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            // (Not InterruptedIOException: a socket timeout is one.)
            if (c instanceof InterruptedException || c instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    private void finish(Exchange exchange, DeviceRun run, String failedStep, ErrorCode code, String message, String hint) {
        AuditRecord.Builder b = AuditRecord.builder().id(run.id()).startedAt(run.startedAt())
                .finishedAt(Instant.now()).station(settings.station()).port(run.port());
        if (failedStep == null) {
            b.provisioned();
        } else {
            b.failed(failedStep, code.code(), message, hint);
        }
        if (run.chip() != null) {
            b.chip(run.chip().chip()).mac(run.chip().mac()).flashJedecId(run.chip().flashJedecId()).flashSize(run.chip().flashSize());
        }
        b.backup(run.backup());
        b.profile(run.profile() == null ? null : run.profile().id());
        FetchedFirmware firmware = run.firmware();
        if (firmware != null) {
            b.firmware(firmware.entry().name(), firmware.entry().version(), firmware.sha256());
        }
        if (run.verification() != null) {
            b.verify(run.verification().method(), run.verification().ok());
        }
        DeviceSettings device = run.settings();
        b.config(TasmotaSetup.auditConfig(settings, device));
        if (device != null) {
            String version = run.reportedFirmwareVersion();
            b.mqtt(device.topic(), run.online(), version != null ? version : run.bootVersion());
        }
        NetworkInfo network = run.network();
        if (network != null && network.ip() != null) { // null: the device never got on the network
            b.network(network.ip(), network.hostname(), network.rssi());
        }
        for (StepRecord s : run.steps()) {
            b.step(s.name(), s.ok(), s.ms());
        }
        AuditRecord record = b.build();
        // A stopping line interrupts device threads; file channels refuse to write on an interrupted thread.
        boolean interrupted = Thread.interrupted();
        try {
            write(exchange, run, device, record);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }


    private void write(Exchange exchange, DeviceRun run, DeviceSettings device, AuditRecord record) {
        log.append(record); // forced to disk before anyone hears the device is done
        String json = LineRecovery.json(record, masker);
        outbox.put(record.id(), json); // published by the audit-outbox route, whenever the broker is there
        journal.done(run.id());
        if (device != null) {
            watch.release(device.topic());
        }
        tracker.deviceDone(run, record);
        exchange.getMessage().setBody(json);
    }

    private String describe(Throwable t) {
        Throwable root = t;
        while (!(root instanceof FlashlineException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return masker.mask(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }
}

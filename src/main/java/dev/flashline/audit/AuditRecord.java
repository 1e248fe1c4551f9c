package dev.flashline.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.flashline.errors.ErrorCode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device run, exactly the fields of the audit record in CONTRACT.md. Timestamps are ISO-8601 UTC
 * strings; every field is written, absent ones as null.
 */
@JsonPropertyOrder({"id", "startedAt", "finishedAt", "station", "port", "status", "failedStep", "error", "chip",
        "mac", "flashJedecId", "flashSize", "backup", "firmware", "verify", "config", "mqtt", "network", "steps", "kind", "profile"})
public record AuditRecord(
        String id,
        String startedAt,
        String finishedAt,
        String station,
        String port,
        String status,
        String failedStep,
        ErrorInfo error,
        String chip,
        String mac,
        String flashJedecId,
        String flashSize,
        BackupRef backup,
        FirmwareInfo firmware,
        VerifyInfo verify,
        Map<String, Object> config,
        MqttInfo mqtt,
        List<Step> steps,
        NetworkInfo network,
        // Contract: "kind" absent means provision, so it is written only for other kinds (restore).
        @JsonInclude(JsonInclude.Include.NON_NULL) String kind,
        String profile) {

    public static final String PROVISIONED = "provisioned";
    public static final String FAILED = "failed";
    public static final String KIND_RESTORE = "restore";

    /** {@code code} is the failure's stable code (e.g. "link.closed", "verify.mismatch", "internal"). */
    @JsonPropertyOrder({"code", "message", "hint"})
    public record ErrorInfo(String code, String message, String hint) {
    }

    public record FirmwareInfo(String name, String version, String sha256) {
    }

    public record VerifyInfo(String method, boolean ok) {
    }

    public record MqttInfo(String topic, boolean online, String firmwareVersion) {
    }

    public record Step(String name, boolean ok, long ms) {
    }

    /** Where the device is on its network, so its web page can be opened; rssi is Tasmota's 0–100 figure (null: unknown). */
    public record NetworkInfo(String ip, String hostname, Integer rssi) {
    }

    /** The contract's timestamp form: ISO-8601 UTC with milliseconds, e.g. 2026-11-24T10:15:00.123Z. */
    public static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects a record while the pipeline runs; {@link #build()} may be called at any step. */
    public static final class Builder {
        private String id;
        private String startedAt;
        private String finishedAt;
        private String station;
        private String port;
        private String status;
        private String failedStep;
        private ErrorInfo error;
        private String chip;
        private String mac;
        private String flashJedecId;
        private String flashSize;
        private BackupRef backup;
        private FirmwareInfo firmware;
        private VerifyInfo verify;
        private Map<String, Object> config;
        private MqttInfo mqtt;
        private NetworkInfo network;
        private final List<Step> steps = new ArrayList<>();
        private String kind;
        private String profile;

        public Builder id(String v) { id = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v == null ? null : timestamp(v); return this; }
        public Builder finishedAt(Instant v) { finishedAt = v == null ? null : timestamp(v); return this; }
        public Builder station(String v) { station = v; return this; }
        public Builder port(String v) { port = v; return this; }
        public Builder provisioned() { status = PROVISIONED; failedStep = null; error = null; return this; }
        public Builder failed(String step, String message, String hint) {
            return failed(step, ErrorCode.INTERNAL.code(), message, hint);
        }
        public Builder failed(String step, String code, String message, String hint) {
            status = FAILED;
            failedStep = step;
            error = new ErrorInfo(code, message, hint);
            return this;
        }
        public Builder chip(String v) { chip = v; return this; }
        public Builder mac(String v) { mac = v; return this; }
        public Builder flashJedecId(String v) { flashJedecId = v; return this; }
        public Builder flashSize(String v) { flashSize = v; return this; }
        public Builder backup(BackupRef v) { backup = v; return this; }
        public Builder firmware(String name, String version, String sha256) { firmware = new FirmwareInfo(name, version, sha256); return this; }
        public Builder verify(String method, boolean ok) { verify = new VerifyInfo(method, ok); return this; }
        public Builder config(Map<String, ?> v) { config = v == null ? null : new LinkedHashMap<>(v); return this; }
        public Builder mqtt(String topic, boolean online, String firmwareVersion) { mqtt = new MqttInfo(topic, online, firmwareVersion); return this; }
        public Builder network(String ip, String hostname, Integer rssi) { network = new NetworkInfo(ip, hostname, rssi); return this; }
        public Builder step(String name, boolean ok, long ms) { steps.add(new Step(name, ok, ms)); return this; }
        /** "restore" for a restore run; leave unset for a provisioning run. */
        public Builder kind(String v) { kind = "provision".equals(v) ? null : v; return this; }
        public Builder profile(String v) { profile = v; return this; }

        public AuditRecord build() {
            return new AuditRecord(id, startedAt, finishedAt, station, port, status, failedStep, error, chip, mac,
                    flashJedecId, flashSize, backup, firmware, verify, config, mqtt, List.copyOf(steps), network, kind, profile);
        }
    }
}

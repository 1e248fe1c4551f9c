package dev.flashline.events;

import java.util.List;

/**
 * One finished device as viewers and the batch report show it: a digest of its audit record
 * (secrets already masked). Fields the record lacks are null.
 */
public record DeviceSummary(
        String recordId,
        String port,
        String status,
        String mac,
        String chip,
        String name,
        String profile,
        String ip,
        String firmwareName,
        String firmwareVersion,
        String firmwareSha256,
        String backupPath,
        String failedStep,
        String message,
        String hint,
        String code,
        double seconds,
        List<StepTime> steps) {

    public static final String PROVISIONED = "provisioned";

    public record StepTime(String name, boolean ok, long ms) {
    }

    public DeviceSummary {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public boolean provisioned() {
        return PROVISIONED.equals(status);
    }
}

package dev.flashline.events;

import java.util.List;

/**
 * What the provisioning line tells its viewers (terminal, station page, JSON lines, batch report).
 * Every event names the port it concerns; the texts in it are already masked (no secrets).
 */
public sealed interface LineEvent {
    String port();

    /** The event's name in JSON lines and server-sent events ("step-started"). */
    default String type() {
        return getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** A batch begins: the ports watched and the devices expected (0: until stopped). Port: "*". */
    record BatchStarted(String port, String batchId, String station, List<String> ports, int expected) implements LineEvent {
        public BatchStarted(String batchId, String station, List<String> ports, int expected) {
            this("*", batchId, station, List.copyOf(ports), expected);
        }
    }

    /** The batch is over (all done, timed out or interrupted). Port: "*". */
    record BatchEnded(String port, String batchId, boolean interrupted) implements LineEvent {
        public BatchEnded(String batchId, boolean interrupted) {
            this("*", batchId, interrupted);
        }
    }

    /** The port is empty and waits; {@code instruction} says what the operator does next. */
    record PortWaiting(String port, String adapter, String instruction) implements LineEvent {
    }

    /** Something is on the port but no loader answers: a doctor cause code, what was seen, what to try. */
    record PortDiagnosis(String port, String cause, String detail, String hint) implements LineEvent {
    }

    record DeviceFound(String port, String chip, String mac, String flashSize) implements LineEvent {
    }

    record StepStarted(String port, String mac, String step) implements LineEvent {
    }

    /**
     * Bytes moved inside a step; {@code phase} is the engine's ("read", "write", "erase", "verify").
     * Rate and ETA are measured since the phase began; -1 while unknown.
     */
    record Progress(String port, String step, String phase, long done, long total, long bytesPerSecond, long etaSeconds)
            implements LineEvent {
        public double fraction() {
            return total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
        }
    }

    record StepDone(String port, String step, long ms) implements LineEvent {
    }

    /** {@code code}: the error's stable code when it has one (else null). */
    record StepFailed(String port, String step, String message, String hint, String code) implements LineEvent {
    }

    /** The device's audit record is on disk. */
    record DeviceDone(String port, DeviceSummary device) implements LineEvent {
    }
}

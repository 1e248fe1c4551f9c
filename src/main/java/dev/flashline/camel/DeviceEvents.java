package dev.flashline.camel;

/** What the line shows while devices go through it; set on the {@link EspComponent}. */
public interface DeviceEvents {
    DeviceEvents NONE = new DeviceEvents() { };

    /** A device appeared on a port and was identified. */
    default void deviceFound(DeviceRun run) {
    }

    /** A step starts: the run holds every fact gathered before it (for a journal of work in progress). */
    default void stepStarted(DeviceRun run, String step) {
    }

    /** A look for a device on {@code port} found none that answers; the doctor's cause code and advice. */
    default void noDevice(String port, String cause, String detail, String hint) {
    }

    default void stepDone(DeviceRun run, StepRecord step) {
    }

    /**
     * A device on {@code port} did not get through connecting (sync, identify, stub start):
     * attempt {@code attempt} of {@code attempts}; {@code mac} is null when it was not identified.
     * {@code cause} says why (for a device that did not sync: the doctor's diagnosis), {@code hint} what to try.
     */
    default void attemptFailed(String port, String mac, int attempt, int attempts, String cause, String hint) {
    }

    /** Progress of long work inside a step ("write", "read", "verify"). */
    default void progress(DeviceRun run, String phase, long done, long total) {
    }
}

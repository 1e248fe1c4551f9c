package dev.flashline.camel;

/**
 * Passes every event on to another {@link DeviceEvents}: extend it to add to one event without
 * silently dropping the others (an event added to the interface is forwarded here, once).
 */
public abstract class ForwardingDeviceEvents implements DeviceEvents {
    private final DeviceEvents next;

    protected ForwardingDeviceEvents(DeviceEvents next) {
        this.next = next;
    }

    @Override
    public void deviceFound(DeviceRun run) {
        next.deviceFound(run);
    }

    @Override
    public void stepStarted(DeviceRun run, String step) {
        next.stepStarted(run, step);
    }

    @Override
    public void noDevice(String port, String cause, String detail, String hint) {
        next.noDevice(port, cause, detail, hint);
    }

    @Override
    public void stepDone(DeviceRun run, StepRecord step) {
        next.stepDone(run, step);
    }

    @Override
    public void attemptFailed(String port, String mac, int attempt, int attempts, String cause, String hint) {
        next.attemptFailed(port, mac, attempt, attempts, cause, hint);
    }

    @Override
    public void progress(DeviceRun run, String phase, long done, long total) {
        next.progress(run, phase, done, total);
    }
}

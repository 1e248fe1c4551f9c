package dev.flashline.camel;

/**
 * One step of a device's provisioning, as the audit record lists it, with the bootloader traffic
 * the step put on the serial line (both directions, SLIP framing included) and the time those
 * bytes need at the rates they travelled at. Console and MQTT traffic is not counted.
 */
public record StepRecord(String name, boolean ok, long ms, long wireBytes, double wireSeconds) {
    public StepRecord(String name, boolean ok, long ms) {
        this(name, ok, ms, 0, 0);
    }
}

package dev.flashline.camel;

/** One step of a device's provisioning, as the audit record lists it. */
public record StepRecord(String name, boolean ok, long ms) {
}

package dev.flashline.station;

/**
 * One port's line in the station's table. {@code state} is a short code (waiting, connecting, backup,
 * preparing, erasing, flashing, verifying, booting, configuring, waiting-mqtt, done, failed, trouble);
 * {@code label} says it for people ("flashing 42 %"). {@code progress}: percent of the byte-moving
 * phase, null outside one. {@code etaSeconds}: -1 when unknown.
 */
public record PortRow(String port, String adapter, String state, String label, String mac, String name, String step,
                      Integer progress, long elapsedMs, long etaSeconds, String instruction, String cause, String hint,
                      String ip) {
}

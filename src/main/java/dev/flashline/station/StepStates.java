package dev.flashline.station;

import java.util.Map;

/** Which operator-facing state each step of the route puts a port in. */
final class StepStates {
    private static final Map<String, String> STATE = Map.ofEntries(
            Map.entry("identify", "connecting"),
            Map.entry("backup", "backup"),
            Map.entry("backup-store", "backup"),
            Map.entry("firmware", "preparing"),
            Map.entry("erase", "erasing"),
            Map.entry("flash", "flashing"),
            Map.entry("verify", "verifying"),
            Map.entry("soft-reset", "booting"),
            Map.entry("console", "configuring"),
            Map.entry("serial-config", "configuring"),
            Map.entry("mqtt-online", "waiting-mqtt"),
            Map.entry("mqtt-config", "configuring"),
            Map.entry("mqtt-restart", "configuring"),
            Map.entry("firmware-version", "configuring"));

    private StepStates() {
    }

    static String state(String step) {
        return step == null ? "connecting" : STATE.getOrDefault(step, step);
    }

    /** The words people read: "waiting for MQTT", "flashing 42 %". */
    static String label(String state, Integer percent) {
        String words = switch (state) {
            case "waiting" -> "waiting for a device";
            case "waiting-mqtt" -> "waiting for MQTT";
            case "preparing" -> "preparing firmware";
            case "trouble" -> "no answer";
            default -> state;
        };
        return percent == null ? words : words + " " + percent + " %";
    }
}

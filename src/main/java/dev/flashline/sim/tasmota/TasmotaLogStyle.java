package dev.flashline.sim.tasmota;

import java.util.Locale;

/**
 * How a Tasmota release writes its serial log, by era (facts and sources in DIALECTS.md).
 * {@link #DEMO} is the project's own demo build: today's layout, but it keeps secrets off its
 * console and never refuses a short password; the others behave as the real releases do,
 * secrets echoed in clear included.
 */
public enum TasmotaLogStyle {
    /** The demo build (default): current layout, masked secrets, one Wi-Fi attempt per boot. */
    DEMO("demo", true, "tasmota", "2_7_8", "2024-11-06T00:00:00"),
    /** 6.5 – 6.7: "HH:MM:SS" stamps, project "sonoff", FriendlyName in the boot line, answers as RSL: stat/<topic>/RESULT. */
    V6("6", false, "sonoff", "2_6_1", ""),
    /** 9.4 – 12: milliseconds, DeviceName and build date in the boot line, answers as RSL: RESULT while MQTT is down. */
    V9("9", true, "tasmota", "2_7_4_9", "2021-06-07T19:20:33"),
    /** 13 – 15: as 9.x with " - " between project and DeviceName and the "release-tasmota" image name. */
    CURRENT("current", true, "tasmota", "2_7_8", "2024-11-06T00:00:00");

    private final String id;
    private final boolean millis;
    private final String project;
    private final String core;
    private final String buildDate;

    TasmotaLogStyle(String id, boolean millis, String project, String core, String buildDate) {
        this.id = id;
        this.millis = millis;
        this.project = project;
        this.core = core;
        this.buildDate = buildDate;
    }

    public String id() {
        return id;
    }

    /** Accepts the ids and the era names people use: "6", "6.x", "9", "9.x", "current", "14", "demo". */
    public static TasmotaLogStyle parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "demo", "default" -> {
                return DEMO;
            }
            case "6", "6.x", "legacy" -> {
                return V6;
            }
            case "9", "9.x" -> {
                return V9;
            }
            case "current", "13", "14", "15", "13.x", "14.x", "15.x" -> {
                return CURRENT;
            }
            default -> throw new IllegalArgumentException("unknown Tasmota log style '" + text
                    + "': use demo, 6 (6.x), 9 (9.x) or current (13-15)");
        }
    }

    boolean millis() {
        return millis;
    }

    String core() {
        return core;
    }

    String buildDate() {
        return buildDate;
    }

    /** True for the real releases: secrets in clear, short Wi-Fi passwords refused, Wi-Fi retried. */
    boolean real() {
        return this != DEMO;
    }

    /** The image name a plain version gets, as a release build prints it. */
    String defaultImage() {
        return switch (this) {
            case V6 -> "sonoff";
            case V9 -> "tasmota";
            case CURRENT -> "release-tasmota";
            case DEMO -> "demo";
        };
    }

    /** The boot line for a version that already carries its image: "9.4.0.5(tasmota)". */
    String bootLine(String versionWithImage, TasmotaSettings settings) {
        String tail = versionWithImage + "-" + core + (buildDate.isEmpty() ? "" : "(" + buildDate + ")");
        return switch (this) {
            case V6 -> "Project " + project + " " + settings.friendlyName1 + " Version " + tail;
            case V9 -> "Project " + project + " " + settings.deviceName + " Version " + tail;
            case CURRENT, DEMO -> "Project " + project + " - " + settings.deviceName + " Version " + tail;
        };
    }

    String wrongPassword() {
        return this == V6 || this == DEMO ? "Connect failed with AP incorrect password" : "Connect failed";
    }

    String apNotFound() {
        return this == DEMO ? "Connect failed with AP not found" : "Connect failed as AP cannot be reached";
    }

    /** Whether "Password3/4" and "MqttPassword2" exist (answer with asterisks); not in 6.x. */
    boolean hasAsteriskForms() {
        return this == V9 || this == CURRENT;
    }

    /** How an answer is logged while MQTT is not connected (MQTT enabled, as by default). */
    String offlineAnswerPrefix(String topic, String suffix) {
        return this == V6 ? "RSL: stat/" + topic + "/" + suffix + " = " : "RSL: " + suffix + " = ";
    }
}

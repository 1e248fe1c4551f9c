package dev.flashline.tasmota;

/**
 * Why a device did not come online, in the device's own words.
 *
 * @param step    the audit record's failedStep: "boot", "wifi" or "mqtt-online"
 * @param message what happened (masked console text only)
 * @param hint    what the operator can do
 */
public record ConsoleFailure(String step, String message, String hint) {
    public static final String BOOT = "boot";
    public static final String WIFI = "wifi";
    public static final String MQTT_ONLINE = "mqtt-online";
}

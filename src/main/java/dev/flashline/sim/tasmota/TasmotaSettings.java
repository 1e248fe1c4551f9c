package dev.flashline.sim.tasmota;

import java.util.Locale;

/**
 * The settings the simulated Tasmota keeps in flash, with Tasmota's factory defaults for a
 * release build (no Wi-Fi, no MQTT host, Sonoff Basic, topic tasmota_XXXXXX from the MAC).
 * Plain public fields: this is a record of values, serialised as JSON by {@link SettingsStore}.
 */
public final class TasmotaSettings {
    public String ssid1 = "";
    public String password1 = "";
    public String mqttHost = "";
    public int mqttPort = 1883;
    public String mqttUser = "DVES_USER";
    public String mqttPassword = "DVES_PASS";
    public String topic = "";
    public String deviceName = "Tasmota";
    public String friendlyName1 = "Tasmota";
    public int module = 1;
    /** The user template (module 0), as Tasmota's template JSON. */
    public String template = Modules.SONOFF_BASIC_TEMPLATE;
    /** Numeric settings the simulation keeps but does not act on: PowerOnState, LedState, SetOptionNN, ... */
    public java.util.Map<String, Integer> numbers = new java.util.TreeMap<>();
    public int bootCount;
    public int saveCount;

    public static TasmotaSettings defaults(String mac) {
        TasmotaSettings s = new TasmotaSettings();
        s.topic = "tasmota_" + macSuffix(mac);
        return s;
    }

    /** The last three MAC bytes in upper-case hex ("1A2B3C"): Tasmota's default topic and client id. */
    public static String macSuffix(String mac) {
        String hex = mac.replace(":", "").replace("-", "").toUpperCase(Locale.ROOT);
        if (hex.length() != 12 || !hex.matches("[0-9A-F]{12}")) {
            throw new IllegalArgumentException("MAC must be six hex bytes: " + mac);
        }
        return hex.substring(6);
    }
}

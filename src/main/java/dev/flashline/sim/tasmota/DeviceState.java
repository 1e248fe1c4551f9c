package dev.flashline.sim.tasmota;

/** What the command handlers may ask about the running device beyond its settings. */
interface DeviceState {
    String version();

    String mac();

    String hostname();

    String ipAddress();

    long uptimeSeconds();

    boolean wifiConnected();

    String ssid();

    String bssid();

    /** Signal quality 0-100 as Tasmota reports "RSSI". */
    int rssi();

    String mqttClientId();

    int mqttConnectCount();

    /** Chip model (and revision on ESP32-family chips), as Status 2 reports it. */
    default String hardware() {
        return "ESP8266EX";
    }
}

package dev.flashline.tasmota;

/**
 * Console lines as real Tasmota builds print them, written from the format strings in
 * Tasmota's source (see src/main/java/dev/flashline/sim/tasmota/DIALECTS.md for where each
 * form comes from). Secrets in them are the test's own values.
 */
final class DialectSamples {
    static final String WIFI_SECRET = "hunter22-wifi";
    static final String MQTT_SECRET = "brokerpw-77";

    /** 6.3.0: seconds only, project "sonoff", FriendlyName, topics inside the boot line. */
    static final String V630_BOOT = "00:00:00 Project sonoff Sonoff (Topic sonoff, Fallback DVES_1A2B3C, GroupTopic sonoffs) Version 6.3.0(sonoff)-2_3_0";
    /** 6.5 – 6.7: seconds only, project "sonoff", FriendlyName. */
    static final String V671_BOOT = "00:00:00 Project sonoff Sonoff Version 6.7.1(sonoff)-2_6_1";
    /** 8.3 – 9.0: DeviceName, project "tasmota", no build date yet. */
    static final String V851_BOOT = "00:00:00 Project tasmota Kitchen Plug Version 8.5.1(tasmota)-2_7_4_1";
    /** 9.1 – ~12: build date after the core; 9.2 on: milliseconds. */
    static final String V9405_BOOT = "00:00:00.063 Project tasmota Tasmota Version 9.4.0.5(tasmota)-2_7_4_9(2021-06-07T19:20:33)";
    /** Current: " - " between project and DeviceName, release image name. */
    static final String V1430_BOOT = "00:00:00.061 Project tasmota - Hall Light Version 14.3.0(release-tasmota)-2_7_8(2024-10-10T09:42:42)";

    static final String[] V6_SESSION = {
        "00:00:00 CFG: Loaded from flash at F9, Count 12",
        V671_BOOT,
        "00:00:00 WIF: Connecting to AP1 lab-ap in mode 11N as sonoff-2876...",
        "00:00:06 WIF: Connect failed with AP incorrect password",
        "00:00:12 CMD: Backlog SSID1 lab-ap; Password1 " + WIFI_SECRET + "; MqttPassword " + MQTT_SECRET,
        "00:00:12 RSL: stat/sonoff/RESULT = {\"SSId1\":\"lab-ap\"}",
        "00:00:12 RSL: stat/sonoff/RESULT = {\"Password1\":\"" + WIFI_SECRET + "\"}",
        "00:00:12 RSL: stat/sonoff/RESULT = {\"MqttPassword\":\"" + MQTT_SECRET + "\"}",
        "00:00:13 APP: Restarting",
    };

    static final String[] V9_SESSION = {
        "00:00:00.001 CFG: Loaded from flash at F4, Count 31",
        V9405_BOOT,
        "00:00:00.110 WIF: Connecting to AP1 lab-ap Channel 6 BSSId A0:40:A0:1A:5E:01 in mode 11n as tasmota-1A2B3C-2876...",
        "00:00:02.305 WIF: Connected",
        "00:00:02.511 HTP: Web server active on tasmota-1A2B3C-2876 with IP address 192.168.1.160",
        "00:00:03.021 MQT: Attempting connection...",
        "00:00:03.100 MQT: Connect failed to 192.168.1.2:1883, rc 5. Retry in 10 sec",
        "00:00:05.200 CMD: Password1 " + WIFI_SECRET,
        "00:00:05.210 RSL: RESULT = {\"Password1\":\"" + WIFI_SECRET + "\"}",
    };

    static final String[] CURRENT_SESSION = {
        "00:00:00.001 HDW: ESP8266EX",
        V1430_BOOT,
        "00:00:00.250 WIF: Connecting to AP1 lab-ap in mode 11n as tasmota-1A2B3C-2876...",
        "00:00:02.250 WIF: Connect failed as AP cannot be reached",
        "00:00:10.250 WIF: Connected",
        "00:00:10.500 HTP: Web server active on tasmota-1A2B3C-2876 with IP address 192.168.1.160",
        "00:00:11.000 MQT: Attempting connection...",
        "00:00:11.100 MQT: Connected",
        "00:00:11.120 MQT: tele/hall/LWT = Online (retained)",
        "00:00:12.000 MQT: stat/hall/RESULT = {\"MqttPassword\":\"" + MQTT_SECRET + "\"}",
        "00:00:12.100 MQT: stat/hall/STATUS11 = {\"StatusSTS\":{\"Time\":\"2024-11-06T10:11:12\",\"Uptime\":\"0T00:00:12\",\"Wifi\":{\"AP\":1,\"SSId\":\"lab-ap\",\"BSSId\":\"A0:40:A0:1A:5E:01\",\"Channel\":6,\"Mode\":\"11n\",\"RSSI\":74,\"Signal\":-63,\"LinkCount\":1,\"Downtime\":\"0T00:00:03\"}}}",
    };

    private DialectSamples() {
    }
}

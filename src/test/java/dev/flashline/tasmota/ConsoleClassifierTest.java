package dev.flashline.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConsoleClassifierTest {
    @Test
    void wifiFailureReasonsOfEveryEra() {
        assertEquals(WifiFailure.WRONG_PASSWORD, wifiFailed("00:00:06 WIF: Connect failed with AP incorrect password"));
        assertEquals(WifiFailure.WRONG_PASSWORD, wifiFailed("00:00:06.012 WIF: Connect failed"));
        assertEquals(WifiFailure.AP_NOT_FOUND, wifiFailed("00:00:02.250 WIF: Connect failed as AP cannot be reached"));
        assertEquals(WifiFailure.AP_NOT_FOUND, wifiFailed("00:00:02.250 WIF: Connect failed with AP not found"));
        assertEquals(WifiFailure.NO_IP_ADDRESS, wifiFailed("00:00:09 WIF: Connect failed as no IP address received"));
        assertEquals(WifiFailure.TIMEOUT, wifiFailed("00:00:09 WIF: Connect failed with AP timeout"));
    }

    private static WifiFailure wifiFailed(String line) {
        return assertInstanceOf(ConsoleEvent.WifiFailed.class, ConsoleClassifier.classify(line)).reason();
    }

    @Test
    void wifiConnectingConnectedAndManager() {
        ConsoleEvent.WifiConnecting c = assertInstanceOf(ConsoleEvent.WifiConnecting.class, ConsoleClassifier.classify(
                "00:00:00.110 WIF: Connecting to AP1 lab ap 2 Channel 6 BSSId A0:40:A0:1A:5E:01 in mode 11n as tasmota-1A2B3C-2876..."));
        assertEquals("lab ap 2", c.ssid());
        assertEquals("tasmota-1A2B3C-2876", c.hostname());
        assertEquals("lab-ap", assertInstanceOf(ConsoleEvent.WifiConnecting.class,
                ConsoleClassifier.classify("00:00:00 WIF: Connecting to AP1 lab-ap in mode 11N as sonoff-2876...")).ssid());
        assertInstanceOf(ConsoleEvent.WifiConnected.class, ConsoleClassifier.classify("00:00:02.305 WIF: Connected"));
        assertInstanceOf(ConsoleEvent.WifiManager.class, ConsoleClassifier.classify("00:03:00 WIF: WifiManager active for 3 minutes"));
        assertInstanceOf(ConsoleEvent.WifiManager.class, ConsoleClassifier.classify(
                "00:00:00.260 HTP: Web server active on tasmota-1A2B3C-2876 with IP address 192.168.4.1"));
    }

    @Test
    void webServerLineGivesAddressAndHostName() {
        ConsoleEvent.NetworkSeen seen = assertInstanceOf(ConsoleEvent.NetworkSeen.class, ConsoleClassifier.classify(
                "00:00:04 HTP: Web server active on sonoff-2876.local with IP address 192.168.1.117"));
        assertEquals(new NetworkInfo("192.168.1.117", "sonoff-2876", null), seen.info());
    }

    @Test
    void mqttLines() {
        assertInstanceOf(ConsoleEvent.MqttConnecting.class, ConsoleClassifier.classify("00:00:03.021 MQT: Attempting connection..."));
        assertInstanceOf(ConsoleEvent.MqttConnected.class, ConsoleClassifier.classify("00:00:05 MQT: Connected"));
        ConsoleEvent.MqttRefused refused = assertInstanceOf(ConsoleEvent.MqttRefused.class, ConsoleClassifier.classify(
                "00:00:03.100 MQT: Connect failed to 192.168.1.2:1883, rc 5. Retry in 10 sec"));
        assertEquals(5, refused.rc());
        assertEquals("192.168.1.2", refused.host());
        assertEquals(1883, refused.port());
        assertEquals("not authorised", refused.meaning());
        ConsoleEvent.MqttUnreachable gone = assertInstanceOf(ConsoleEvent.MqttUnreachable.class, ConsoleClassifier.classify(
                "00:00:03 MQT: Connect failed to broker.lan:8883, rc -2. Retry in 10 sec"));
        assertEquals(-2, gone.rc());
        assertEquals("broker.lan", gone.host());
        assertEquals(-5, assertInstanceOf(ConsoleEvent.MqttUnreachable.class, ConsoleClassifier.classify(
                "00:00:03.000 MQT: Connect failed to nohost:1883, rc -5. Retry in 20 sec")).rc());
    }

    @Test
    void answersInTheThreeForms() {
        ConsoleEvent.Answer a = assertInstanceOf(ConsoleEvent.Answer.class,
                ConsoleClassifier.classify("00:00:12.001 RSL: RESULT = {\"SSId1\":\"lab-ap\"}"));
        assertEquals("RESULT", a.name());
        assertEquals("lab-ap", a.json().path("SSId1").asText());
        a = assertInstanceOf(ConsoleEvent.Answer.class,
                ConsoleClassifier.classify("00:00:12 RSL: stat/sonoff/RESULT = {\"Topic\":\"sonoff\"}"));
        assertEquals("RESULT", a.name());
        a = assertInstanceOf(ConsoleEvent.Answer.class,
                ConsoleClassifier.classify("12:01:02.003 MQT: stat/hall/STATUS5 = {\"StatusNET\":{\"Hostname\":\"h\",\"IPAddress\":\"10.0.0.9\"}}"));
        assertEquals("STATUS5", a.name());
        // Cut short by Tasmota's log buffer: not an answer, no exception.
        assertInstanceOf(ConsoleEvent.Other.class, ConsoleClassifier.classify("00:00:12 RSL: stat/x/STATUS0 = {\"Status\":{\"Module\":1, ..."));
    }

    @Test
    void restartAndFailureSigns() {
        assertInstanceOf(ConsoleEvent.Restarting.class, ConsoleClassifier.classify("00:00:13.001 APP: Restarting"));
        assertInstanceOf(ConsoleEvent.BootFailure.class, ConsoleClassifier.classify("Exception (29):"));
        assertInstanceOf(ConsoleEvent.BootFailure.class, ConsoleClassifier.classify(" ets Jan  8 2013,rst cause:2, boot mode:(1,7)"));
        assertInstanceOf(ConsoleEvent.BootFailure.class, ConsoleClassifier.classify("Soft WDT reset"));
        assertInstanceOf(ConsoleEvent.Other.class, ConsoleClassifier.classify("00:00:00.001 HDW: ESP8266EX"));
    }

    @Test
    void romGarbageBeforeTheFirstLineIsDropped() {
        String garbage = "\u0000l\u009c\u009e|\u0000\u008c\u00e2|\u0000\u008cl\u00ecc\u00f2n\u00ef\u0012:3";
        ConsoleEvent e = ConsoleClassifier.classify(garbage + DialectSamples.V9405_BOOT);
        assertEquals("9.4.0.5(tasmota)", assertInstanceOf(ConsoleEvent.Booted.class, e).version());
        assertEquals(DialectSamples.V9405_BOOT, e.line().text());
        ConsoleLine line = ConsoleLine.parse(garbage + "00:00:00.001 HDW: ESP8266EX");
        assertEquals("00:00:00.001", line.stamp());
        assertEquals("HDW", line.tag());
        assertEquals("ESP8266EX", line.message());
    }

    @Test
    void stampsWithAndWithoutMillisecondsAndNone() {
        assertEquals("00:00:06", ConsoleLine.parse("00:00:06 WIF: Connected").stamp());
        assertEquals("12:34:56.789", ConsoleLine.parse("12:34:56.789 WIF: Connected").stamp());
        ConsoleLine bare = ConsoleLine.parse("WIF: Connected");
        assertNull(bare.stamp());
        assertEquals("WIF", bare.tag());
        assertInstanceOf(ConsoleEvent.WifiConnected.class, ConsoleClassifier.classify("WIF: Connected"));
        // A time inside the message does not move the split.
        ConsoleLine json = ConsoleLine.parse("00:00:01.000 MQT: tele/x/STATE = {\"Time\":\"2024-01-01T10:11:12\"}");
        assertEquals("00:00:01.000", json.stamp());
        assertEquals("MQT", json.tag());
    }
}

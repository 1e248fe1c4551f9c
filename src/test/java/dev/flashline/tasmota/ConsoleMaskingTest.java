package dev.flashline.tasmota;

import static dev.flashline.tasmota.DialectSamples.MQTT_SECRET;
import static dev.flashline.tasmota.DialectSamples.WIFI_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleMaskingTest {
    @Test
    void commandEchoHidesOnlyTheSecretArguments() {
        assertEquals("00:00:12 CMD: Backlog SSID1 lab-ap; Password1 ***; MqttPassword ***",
                ConsoleMasking.maskLine(DialectSamples.V6_SESSION[4]));
        assertEquals("00:00:05.200 CMD: Password1 ***", ConsoleMasking.maskLine("00:00:05.200 CMD: Password1 " + WIFI_SECRET));
        assertEquals("backlog0 mqttpassword=***;topic x", ConsoleMasking.maskCommandEcho("backlog0 mqttpassword=" + MQTT_SECRET + ";topic x"));
        assertEquals("WebPassword ***", ConsoleMasking.maskCommandEcho("WebPassword adminpw"));
        // No argument: nothing to hide; other commands untouched, even when they mention passwords.
        assertEquals("Password1", ConsoleMasking.maskCommandEcho("Password1"));
        assertEquals("FriendlyName1 Password1 hall", ConsoleMasking.maskCommandEcho("FriendlyName1 Password1 hall"));
        assertEquals("00:00:01 CMD: Grp 0, Cmnd 'PASSWORD', Idx 1, Len 13, Data '***'",
                ConsoleMasking.maskLine("00:00:01 CMD: Grp 0, Cmnd 'PASSWORD', Idx 1, Len 13, Data '" + WIFI_SECRET + "'"));
    }

    @Test
    void answersHideTheSecretValueAndKeepTasmotasOwnAsterisks() {
        assertEquals("00:00:12 RSL: stat/sonoff/RESULT = {\"Password1\":\"***\"}", ConsoleMasking.maskLine(DialectSamples.V6_SESSION[6]));
        assertEquals("00:00:05.210 RSL: RESULT = {\"Password1\":\"***\"}", ConsoleMasking.maskLine(DialectSamples.V9_SESSION[8]));
        assertEquals("00:00:12.000 MQT: stat/hall/RESULT = {\"MqttPassword\":\"***\"}", ConsoleMasking.maskLine(DialectSamples.CURRENT_SESSION[9]));
        assertEquals("00:00:01.000 RSL: RESULT = {\"Password3\":\"****\"}", ConsoleMasking.maskLine("00:00:01.000 RSL: RESULT = {\"Password3\":\"****\"}"));
        assertEquals("00:00:01 MQT: stat/x/PASSWORD1 = ***", ConsoleMasking.maskLine("00:00:01 MQT: stat/x/PASSWORD1 = " + WIFI_SECRET));
        assertEquals("00:00:01 RSL: RESULT = {\"MqttPassword\":\"***", ConsoleMasking.maskLine("00:00:01 RSL: RESULT = {\"MqttPassword\":\"" + MQTT_SECRET));
    }

    @Test
    void otherLinesAreLeftExactlyAsTheyWere() {
        List<String> lines = Stream.of(DialectSamples.V6_SESSION, DialectSamples.V9_SESSION, DialectSamples.CURRENT_SESSION)
                .flatMap(Stream::of).filter(l -> !l.contains(WIFI_SECRET) && !l.contains(MQTT_SECRET)).toList();
        for (String line : lines) {
            assertEquals(line, ConsoleMasking.maskLine(line));
        }
        String tricky = "00:00:01.000 RSL: RESULT = {\"SSId1\":\"Password1 lab\",\"Topic\":\"a;b\"}";
        assertEquals(tricky, ConsoleMasking.maskLine(tricky));
    }

    @Test
    void noSecretSurvivesAnyDialect() {
        Stream.of(DialectSamples.V6_SESSION, DialectSamples.V9_SESSION, DialectSamples.CURRENT_SESSION).flatMap(Stream::of)
                .map(l -> ConsoleClassifier.classify(l).line().text())
                .forEach(t -> {
                    assertFalse(t.contains(WIFI_SECRET), t);
                    assertFalse(t.contains(MQTT_SECRET), t);
                });
    }
}

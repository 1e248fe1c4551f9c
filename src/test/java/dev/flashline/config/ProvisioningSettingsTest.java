package dev.flashline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvisioningSettingsTest {
    private static final String WIFI = "w1f1-Pa55";
    private static final String MQTT = "mqtt-Pa55";

    private static Map<String, String> config() {
        Map<String, String> c = new HashMap<>();
        c.put("flashline.wifi.ssid", "shop-floor");
        c.put("flashline.mqtt.host", "broker.lan");
        c.put("flashline.mqtt.port", "8883");
        c.put("flashline.mqtt.user", "flashline");
        c.put("flashline.station", "bench-2");
        c.put("flashline.data-dir", "/var/lib/flashline");
        c.put("flashline.concurrency", "6");
        c.put("flashline.default-module", "1");
        c.put("flashline.backlog", "SetOption19 1; ; PowerOnState 0");
        return c;
    }

    @Test
    void readsEverySetting() {
        Map<String, String> c = config();
        c.put("flashline.wifi.password", WIFI);
        c.put("flashline.mqtt.password", MQTT);
        c.put("flashline.firmware", "tasmota");
        ProvisioningSettings s = ProvisioningSettings.from(c, Map.of(), false);
        assertEquals("shop-floor", s.wifiSsid());
        assertEquals(WIFI, s.wifiPassword());
        assertEquals("broker.lan", s.mqttHost());
        assertEquals(8883, s.mqttPort());
        assertEquals("flashline", s.mqttUser());
        assertEquals(MQTT, s.mqttPassword());
        assertEquals("bench-2", s.station());
        assertEquals(Path.of("/var/lib/flashline"), s.dataDir());
        assertEquals(6, s.concurrency());
        assertEquals("1", s.defaultModule());
        assertEquals(List.of("SetOption19 1", "PowerOnState 0"), s.extraBacklog());
        assertEquals("tasmota", s.firmware());
        assertEquals(List.of(WIFI, MQTT), s.secrets());
    }

    @Test
    void environmentWinsAndUnresolvedPlaceholdersCountAsUnset() {
        Map<String, String> c = config();
        c.put("flashline.wifi.password", "from-file");
        c.put("flashline.mqtt.password", "{{env:FLASHLINE_MQTT_PASSWORD}}");
        ProvisioningSettings s = ProvisioningSettings.from(c,
                Map.of("FLASHLINE_WIFI_PASSWORD", WIFI, "FLASHLINE_MQTT_PASSWORD", MQTT), false);
        assertEquals(WIFI, s.wifiPassword());
        assertEquals(MQTT, s.mqttPassword());
    }

    @Test
    void missingSecretsAreBadInputWithoutValues() {
        Map<String, String> c = config();
        c.put("flashline.mqtt.password", MQTT);
        FlashlineException wifi = assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, Map.of(), false));
        assertEquals(FlashlineException.Kind.BAD_INPUT, wifi.kind());
        assertEquals("Wi-Fi password missing: set FLASHLINE_WIFI_PASSWORD or flashline.wifi.password in "
                + "config/application.properties", wifi.getMessage());
        assertFalse(wifi.getMessage().contains(MQTT) || wifi.hint().contains(MQTT));

        FlashlineException mqtt = assertThrows(FlashlineException.class,
                () -> ProvisioningSettings.from(config(), Map.of("FLASHLINE_WIFI_PASSWORD", WIFI), false));
        assertEquals("MQTT password missing: set FLASHLINE_MQTT_PASSWORD or flashline.mqtt.password in "
                + "config/application.properties", mqtt.getMessage());
        assertFalse(mqtt.getMessage().contains(WIFI) || mqtt.hint().contains(WIFI));
    }

    @Test
    void aWifiPasswordTooShortForWpa2IsRefusedWithoutItsValueAndAnOpenNetworkHasNone() {
        Map<String, String> c = config();
        c.put("flashline.mqtt.password", MQTT);
        FlashlineException shortOne = assertThrows(FlashlineException.class,
                () -> ProvisioningSettings.from(c, Map.of("FLASHLINE_WIFI_PASSWORD", "w"), false));
        assertEquals(FlashlineException.Kind.BAD_INPUT, shortOne.kind());
        assertTrue(shortOne.getMessage().contains("has 1 characters"), shortOne.getMessage());
        assertFalse(shortOne.getMessage().contains(" w ") || shortOne.hint().contains("'w'"));
        assertThrows(FlashlineException.class,
                () -> ProvisioningSettings.from(c, Map.of("FLASHLINE_WIFI_PASSWORD", "tasmota"), false));

        c.put("flashline.wifi.password", "");
        assertEquals("", ProvisioningSettings.from(c, Map.of(), false).wifiPassword(), "open network");
        assertEquals("12345678", ProvisioningSettings.from(c, Map.of("FLASHLINE_WIFI_PASSWORD", "12345678"), false).wifiPassword());
    }

    @Test
    void simulatedRunsGenerateMissingSecretsAndDefaults() {
        ProvisioningSettings a = ProvisioningSettings.from(Map.of(), Map.of(), true);
        ProvisioningSettings b = ProvisioningSettings.from(Map.of(), Map.of(), true);
        assertTrue(a.wifiPassword().length() >= 16);
        assertNotEquals(a.wifiPassword(), b.wifiPassword());
        assertNotEquals(a.wifiPassword(), a.mqttPassword());
        assertEquals("127.0.0.1", a.mqttHost());
        assertEquals(1883, a.mqttPort());
        assertEquals(Path.of("data"), a.dataDir());
        assertEquals(4, a.concurrency());
        assertTrue(a.simulate());
    }

    @Test
    void toStringAndAuditViewNeverShowSecrets() {
        ProvisioningSettings s = ProvisioningSettings.from(config(),
                Map.of("FLASHLINE_WIFI_PASSWORD", WIFI, "FLASHLINE_MQTT_PASSWORD", MQTT), false);
        String text = s.toString();
        assertFalse(text.contains(WIFI), text);
        assertFalse(text.contains(MQTT), text);
        assertTrue(text.contains("wifiPassword=***"), text);
        assertTrue(text.contains("broker.lan"), text);
        assertFalse(s.auditView().toString().contains(WIFI));
        assertFalse(s.auditView().toString().contains(MQTT));
        assertEquals("***", s.auditView().get("mqttPassword"));
    }

    @Test
    void rejectsBadNumbersNamingTheKey() {
        Map<String, String> c = config();
        c.put("flashline.concurrency", "0");
        FlashlineException e = assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, Map.of(), true));
        assertEquals("config/application.properties: flashline.concurrency is '0'", e.getMessage());
        c.put("flashline.concurrency", "2");
        c.put("flashline.mqtt.port", "mqtt");
        e = assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, Map.of(), true));
        assertEquals("config/application.properties: flashline.mqtt.port is 'mqtt'", e.getMessage());
        ConfigLocation lines = key -> key.equals("flashline.mqtt.port") ? "station/app.properties:12" : "station/app.properties";
        e = assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, Map.of(), true, lines));
        assertEquals("station/app.properties:12: flashline.mqtt.port is 'mqtt'", e.getMessage(), "names the file and line");
        assertTrue(e.hint().contains("1 to 65535"), e.hint());
    }

    @Test
    void requiresSsidAndBrokerOutsideSimulation() {
        Map<String, String> env = Map.of("FLASHLINE_WIFI_PASSWORD", WIFI, "FLASHLINE_MQTT_PASSWORD", MQTT);
        Map<String, String> c = config();
        c.remove("flashline.wifi.ssid");
        assertTrue(assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, env, false))
                .getMessage().startsWith("Wi-Fi SSID missing"));
        Map<String, String> d = config();
        d.remove("flashline.mqtt.host");
        assertTrue(assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(d, env, false))
                .getMessage().startsWith("MQTT broker missing"));
    }

    private static Map<String, String> base() {
        Map<String, String> c = new HashMap<>();
        c.put("flashline.wifi.ssid", "shop-floor");
        c.put("flashline.wifi.password", WIFI);
        return c;
    }

    @Test
    void withoutAUserTheLineIsAnonymousAndNeedsNoPassword() {
        Map<String, String> c = base();
        c.put("flashline.mqtt.url", "mqtt://broker.lan:1884");
        ProvisioningSettings s = ProvisioningSettings.from(c, Map.of(), false);
        assertEquals("broker.lan", s.mqttHost());
        assertEquals(1884, s.mqttPort());
        assertFalse(s.mqttLogin());
        assertEquals(null, s.mqttPassword());
        assertEquals("brokerUrl=tcp://broker.lan:1884", s.pahoOptions());
        assertEquals(List.of("MqttHost broker.lan", "MqttPort 1884", "MqttUser \"", "MqttPassword \""), s.tasmotaMqttCommands());
        assertEquals(List.of(WIFI), s.secrets());
    }

    @Test
    void mqttsUrlMeansTlsWithDefaultPortAndCaFile() {
        Map<String, String> c = base();
        c.put("flashline.mqtt.url", "mqtts://broker.lan");
        c.put("flashline.mqtt.ca-file", "config/ca.pem");
        c.put("flashline.mqtt.user", "line");
        c.put("flashline.mqtt.password", MQTT);
        c.put("flashline.profile", "sonoff-basic");
        ProvisioningSettings s = ProvisioningSettings.from(c, Map.of(), false);
        assertTrue(s.mqttTls());
        assertEquals(8883, s.mqttPort());
        assertEquals(Path.of("config/ca.pem"), s.mqttCaFile());
        assertEquals("ssl://broker.lan:8883", s.mqttBrokerUri());
        assertEquals("brokerUrl=ssl://broker.lan:8883&userName=RAW(line)&password=RAW(" + MQTT + ")&socketFactory=#mqttSocketFactory",
                s.pahoOptions());
        assertEquals("sonoff-basic", s.profile());
        assertFalse(s.toString().contains(MQTT));
    }

    @Test
    void aUserWithoutPasswordIsWrittenAsAnEmptyValue() {
        Map<String, String> c = base();
        c.put("flashline.mqtt.url", "mqtt://10.0.0.2:1883");
        c.put("flashline.mqtt.user", "tasmota");
        FlashlineException missing = assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, Map.of(), false));
        assertTrue(missing.hint().contains("flashline.mqtt.password=") && missing.hint().contains("flashline.mqtt.user unset"),
                missing.hint());
        c.put("flashline.mqtt.password", "");
        assertEquals("", ProvisioningSettings.from(c, Map.of(), false).mqttPassword());
        assertEquals(List.of("MqttHost 10.0.0.2", "MqttPort 1883", "MqttUser tasmota", "MqttPassword \""),
                ProvisioningSettings.from(c, Map.of(), false).tasmotaMqttCommands());
    }

    @Test
    void badBrokerSettingsAreBadInput() {
        for (String url : new String[] {"tcp://h:1883", "mqtt://", "mqtt://h:99999", "broker.lan"}) {
            Map<String, String> c = base();
            c.put("flashline.mqtt.url", url);
            FlashlineException e = assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(c, Map.of(), false), url);
            assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        }
        Map<String, String> both = base();
        both.put("flashline.mqtt.url", "mqtt://a:1883");
        both.put("flashline.mqtt.host", "b");
        assertTrue(assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(both, Map.of(), false))
                .getMessage().contains("Both"));
        Map<String, String> caPlain = base();
        caPlain.put("flashline.mqtt.url", "mqtt://a:1883");
        caPlain.put("flashline.mqtt.ca-file", "ca.pem");
        assertTrue(assertThrows(FlashlineException.class, () -> ProvisioningSettings.from(caPlain, Map.of(), false))
                .getMessage().contains("ca-file"));
    }
}

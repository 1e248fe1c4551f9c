package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line keeps reading the device's console until it is online and names why it is not: each
 * cause against another Tasmota log style (demo, 6.x, 9.x, current), with virtual devices.
 */
class DeviceOnlineLineTest {
    @TempDir
    Path tmp;

    @Test
    void provisionedDeviceSaysWhereItIsIn9xStyle() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.dialect = TasmotaDialect.of("9", "9.4.0.5");
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertEquals("9.4.0.5(tasmota)", record.get("mqtt").get("firmwareVersion").asText(), "all four parts of the version");
            JsonNode network = record.get("network");
            assertTrue(network.get("ip").asText().matches("192\\.168\\.1\\.1\\d\\d"), record.toString());
            String suffix = line.devices().get(0).macText().replace(":", "").substring(6).toUpperCase();
            assertTrue(network.get("hostname").asText().startsWith("tasmota-" + suffix), network.toString());
            int rssi = network.get("rssi").asInt();
            assertTrue(rssi > 0 && rssi <= 100, network.toString());
            assertTrue(steps(record).containsAll(List.of("boot", "serial-config", "wifi", "mqtt-online")), steps(record).toString());
            String summary = line.consoleText();
            assertTrue(summary.contains(network.get("ip").asText()) && summary.contains(network.get("hostname").asText()),
                    "the summary table shows where the device is:\n" + summary);
            ProvisioningLineTest.assertNoSecretIn(line.data, summary);
        }
    }

    @Test
    void wrongWifiPasswordFailsAtWifiWithTheDevicesReasonIn9xStyle() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.dialect = TasmotaDialect.of("9", null);
        line.network = new SimulatedNetwork("lab-iot", "not-the-station-password");
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertFalse(outcome.allProvisioned());
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertFailed(record, "wifi");
            String message = record.get("error").get("message").asText();
            assertTrue(message.contains("AP rejected the password"), message);
            assertTrue(message.contains("Connect failed"), "the device's own words: " + message);
            assertTrue(record.get("error").get("hint").asText().toLowerCase().contains("password"), record.toString());
            assertTrue(record.get("network").isNull(), "never got on the network");
            assertTrue(record.get("verify").get("ok").asBoolean());
            ProvisioningLineTest.assertNoSecretIn(line.data, line.consoleText());
        }
    }

    @Test
    void ssidNotFoundFailsAtWifiIn6xStyle() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.dialect = TasmotaDialect.of("6", "6.7.1");
        line.network = new SimulatedNetwork("another-network", LineFixture.WIFI_PASSWORD);
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertFailed(record, "wifi");
            String message = record.get("error").get("message").asText();
            assertTrue(message.contains("SSID not found"), message);
            assertTrue(message.contains("AP cannot be reached"), "the device's own words: " + message);
            assertTrue(record.get("error").get("hint").asText().contains("SSID"), record.toString());
            assertTrue(record.get("network").isNull());
            assertTrue(line.consoleText().contains("wifi: SSID not found"), line.consoleText());
        }
    }

    @Test
    void brokerRefusingTheUserFailsAtMqttOnlineWithRc5InCurrentStyle() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.onlyTheStation(tmp, "tasmota", LineFixture.MQTT_PASSWORD)) {
            // The station's own login is taken (its start-up check passes); the device's is refused with rc 5.
            LineFixture line = new LineFixture(tmp.resolve("station"));
            line.dialect = TasmotaDialect.of("current", "14.3.0");
            line.network = new SimulatedNetwork("lab-iot", LineFixture.WIFI_PASSWORD).withMqttRetry(Duration.ofMillis(500));
            line.properties.put("flashline.mqtt.host", "127.0.0.1");
            line.properties.put("flashline.mqtt.port", Integer.toString(broker.port));
            line.properties.put("flashline.mqtt.user", "tasmota");
            try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
                JsonNode record = new AuditLog(line.data).readAllJson().get(0);
                assertFailed(record, "mqtt-online");
                String message = record.get("error").get("message").asText();
                assertTrue(message.contains("broker refused user 'tasmota' (rc 5)"), message);
                assertTrue(record.get("error").get("hint").asText().contains("MqttUser"), record.toString());
                JsonNode network = record.get("network");
                assertTrue(network.get("ip").asText().startsWith("192.168.1."), "on the Wi-Fi, so its address is known: " + record);
                assertTrue(steps(record).contains("wifi"));
                ProvisioningLineTest.assertNoSecretIn(line.data, line.consoleText());
            }
        }
    }

    @Test
    void imageThatIsNotTasmotaFailsAtBootWithWhatTheDevicePrinted() throws Exception {
        LineFixture line = new LineFixture(tmp);
        byte[] image = DemoFirmwareImage.build("14.3.0(demo)", 128 * 1024);
        byte[] marker = DemoFirmwareImage.MARKER.getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(image, marker);
        // A valid image that is not the (simulated) Tasmota: two bytes changed so that the checksum still holds.
        byte change = (byte) ('F' ^ 'X');
        image[at] ^= change;
        image[at + 1] ^= change;
        Path fw = tmp.resolve("not-tasmota.bin");
        Files.write(fw, image);
        Path catalog = tmp.resolve("catalog.yaml");
        Files.writeString(catalog, "firmware:\n  - name: other\n    version: '1'\n    chip: any\n    minFlash: 1MB\n"
                + "    file: not-tasmota.bin\n    sha256: " + ProvisioningLineTest.sha256(image) + "\n    default: true\n");
        line.properties.put("flashline.catalog", catalog.toString());
        line.properties.put("flashline.boot-timeout-seconds", "3");
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertFailed(record, "boot");
            assertTrue(record.get("verify").get("ok").asBoolean(), "the flash itself verified");
            String message = record.get("error").get("message").asText();
            assertTrue(message.contains("virtual device:"), "what the device printed instead: " + message);
            assertTrue(record.get("error").get("hint").asText().contains("flash mode"), record.toString());
            assertTrue(record.get("network").isNull());
        }
    }

    private static void assertFailed(JsonNode record, String step) {
        assertEquals("failed", record.get("status").asText(), record.toString());
        assertEquals(step, record.get("failedStep").asText(), record.toString());
        assertFalse(record.get("error").get("hint").asText().isBlank(), record.toString());
        assertFalse(record.get("mqtt").path("online").asBoolean(), record.toString());
    }

    private static List<String> steps(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.get("steps").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("marker not found");
    }
}

package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.digest.Digests;
import dev.flashline.errors.FlashlineException;
import dev.flashline.camel.StepRecord;
import dev.flashline.cli.VirtualStation;
import dev.flashline.sim.Fault;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.SettingsStore;
import dev.flashline.sim.tasmota.TasmotaSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole line (camel-main, routes/, beans) against virtual Sonoffs and a broker. */
class ProvisioningLineTest {
    @TempDir
    Path tmp;

    @Test
    void threeDevicesConcurrentlyAgainstRealMosquitto() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker()) {
            LineFixture line = new LineFixture(tmp);
            line.properties.put("flashline.mqtt.host", "127.0.0.1");
            line.properties.put("flashline.mqtt.port", Integer.toString(broker.port));
            line.properties.put("flashline.mqtt.user", "station");
            List<String> audits = new CopyOnWriteArrayList<>();
            MqttClient observer = new MqttClient(broker.url(), "observer-" + System.nanoTime(), new MemoryPersistence());
            observer.connect();
            observer.subscribe("flashline/+/audit", (topic, msg) -> audits.add(new String(msg.getPayload(), StandardCharsets.UTF_8)));
            try (ProvisioningLine.Outcome outcome = line.run(3, null)) {
                assertTrue(outcome.allProvisioned(), line.consoleText());
                assertEquals(3, outcome.rows().size());
                outcome.rows().forEach(ProvisioningLineTest::assertStepsCountTheirWireBytes);
                assertTrue(outcome.rows().stream().anyMatch(r -> backupStep(r).wireBytes() > 100_000),
                        "the first backup of the model read the stock flash, compressed");
                List<JsonNode> records = new AuditLog(line.data).readAllJson();
                assertEquals(3, records.size());
                byte[] image = DemoFirmwareImage.build();
                for (int i = 0; i < 3; i++) {
                    VirtualDevice device = line.devices().get(i);
                    JsonNode record = recordFor(records, device.macText());
                    assertProvisionedRecord(record, line.data);
                    assertFlashHoldsPatchedImage(device, image);
                    assertBackupIsTheStockFlash(record, line.data, i, device.macText());
                    TasmotaSettings settings = SettingsStore.load(device.flash()).orElseThrow();
                    assertEquals("lab-iot", settings.ssid1);
                    assertEquals(LineFixture.WIFI_PASSWORD, settings.password1);
                    assertEquals("127.0.0.1", settings.mqttHost);
                    assertEquals(broker.port, settings.mqttPort);
                    assertEquals("station", settings.mqttUser);
                    String suffix = device.macText().replace(":", "").substring(6).toUpperCase();
                    assertEquals("sonoff_" + suffix, settings.topic, "unknown MAC → default topic");
                    assertEquals("sonoff-" + suffix, settings.deviceName);
                    assertEquals(3, settings.numbers.get("PowerOnState"), "Backlog over MQTT applied");
                    assertEquals("sonoff_" + suffix, record.get("mqtt").get("topic").asText());
                    assertRetained(broker.url(), "tele/sonoff_" + suffix + "/LWT", "Online");
                }
                waitFor(() -> audits.size() >= 3);
                assertEquals(3, audits.size(), "every record is published on the broker");
                assertNoSecretIn(line.data, line.consoleText() + String.join("\n", audits));
            } finally {
                observer.disconnect();
                observer.close();
            }
        }
    }

    /** The second device of a model: the stock firmware comes from the first one's backup, the backup is still its own flash. */
    @Test
    void theNextDeviceOfAModelIsBackedUpFromTheStationsBlocksAndStillWhole() throws Exception {
        LineFixture line = new LineFixture(tmp);
        long firstBackupBytes;
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            firstBackupBytes = backupStep(outcome.rows().get(0)).wireBytes();
        }
        line.firstDeviceIndex = 1;
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            long nextBackupBytes = backupStep(outcome.rows().get(0)).wireBytes();
            assertTrue(nextBackupBytes * 20 < firstBackupBytes, "next device's backup: " + nextBackupBytes + " bytes on the wire, first: "
                    + firstBackupBytes);
            VirtualDevice device = line.devices().get(0);
            List<JsonNode> records = new AuditLog(line.data).readAllJson();
            assertEquals(2, records.size());
            JsonNode record = recordFor(records, device.macText());
            assertEquals("provisioned", record.get("status").asText(), record.toString());
            assertTrue(record.get("verify").get("ok").asBoolean());
            assertEquals(Digests.sha256Hex(line.data.resolve(record.get("backup").get("path").asText())),
                    record.get("backup").get("sha256").asText());
            assertBackupIsTheStockFlash(record, line.data, 1, device.macText());
        }
    }

    private static StepRecord backupStep(BatchTracker.Row row) {
        return row.steps().stream().filter(s -> s.name().equals("backup")).findFirst().orElseThrow();
    }

    @Test
    void embeddedBrokerAndManifestRowWithModuleRestart() throws Exception {
        LineFixture line = new LineFixture(tmp);
        Files.writeString(line.config.resolve("devices.csv"), "mac,name,topic,module,template,commands\n"
                + "18:fe:34:5f:00:00,Kitchen,kitchen_light,1,,LedState 1\n");
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            TasmotaSettings settings = SettingsStore.load(line.devices().get(0).flash()).orElseThrow();
            assertEquals("kitchen_light", settings.topic);
            assertEquals("Kitchen", settings.deviceName);
            assertEquals("Kitchen", settings.friendlyName1);
            assertEquals(1, settings.numbers.get("LedState"));
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertTrue(record.get("config").get("fromManifest").asBoolean());
            assertTrue(record.has("profile") && record.get("profile").isNull(), "no profile, written as null: " + record);
            assertTrue(record.get("steps").toString().contains("mqtt-restart"), "Module restarts Tasmota; the line waited for it");
            assertNoSecretIn(line.data, line.consoleText());
        }
    }

    @Test
    void deviceGoneMidFlashIsFailedAndTheOthersGoOn() throws Exception {
        LineFixture line = new LineFixture(tmp);
        // The link drops after 60 KB in every session: each reconnect adds too little of the image for the
        // write to finish within its allowance of recoveries (the backup before it survives one).
        try (ProvisioningLine.Outcome outcome = line.run(2, Fault.dropAfterBytes(60_000))) {
            assertFalse(outcome.allProvisioned());
            List<JsonNode> records = new AuditLog(line.data).readAllJson();
            JsonNode gone = recordFor(records, line.devices().get(0).macText());
            assertEquals("failed", gone.get("status").asText());
            assertEquals("flash", gone.get("failedStep").asText());
            assertFalse(gone.get("error").get("hint").asText().isBlank());
            assertEquals("link.closed", gone.get("error").get("code").asText(), "the same code the CLI's exit status derives from");
            assertEquals(1, records.stream().filter(r -> r.get("mac").asText().equals(gone.get("mac").asText())).count(),
                    "one record, never a provisioned one");
            JsonNode other = recordFor(records, line.devices().get(1).macText());
            assertEquals("provisioned", other.get("status").asText());
            assertNotNull(gone.get("backup").get("path").asText(), "the original flash was saved before erasing");
        }
    }

    @Test
    void brokerDownFailsAtTheMqttStepAfterAVerifiedFlash() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.mqtt.host", "127.0.0.1");
        line.properties.put("flashline.mqtt.port", Integer.toString(EmbeddedBroker.freePort()));
        line.properties.put("flashline.online-timeout-seconds", "3");
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertFalse(outcome.allProvisioned());
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertEquals("failed", record.get("status").asText());
            assertEquals("mqtt-online", record.get("failedStep").asText());
            assertTrue(record.get("verify").get("ok").asBoolean(), "the flash itself was verified");
            assertTrue(record.get("error").get("hint").asText().contains("broker"));
        }
    }

    @Test
    void catalogShaMismatchRefusesTheFirmwareAtStartBeforeAnyDevice() throws Exception {
        LineFixture line = new LineFixture(tmp);
        Path fw = tmp.resolve("fw.bin");
        Files.write(fw, DemoFirmwareImage.build("14.3.0(demo)", 128 * 1024));
        Path catalog = tmp.resolve("catalog.yaml");
        Files.writeString(catalog, "firmware:\n  - name: local\n    version: '1'\n    chip: any\n    minFlash: 1MB\n"
                + "    file: fw.bin\n    sha256: " + "ab".repeat(32) + "\n    default: true\n");
        line.properties.put("flashline.catalog", catalog.toString());
        FlashlineException e = assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith(catalog + ":2: firmware 'local': ") && e.getMessage().contains("sha256 mismatch"),
                e.getMessage());
        assertTrue(line.station().devices().isEmpty(), "no virtual device was started, so none was erased or written");
        assertFalse(Files.exists(line.data.resolve("audit")), "no audit record");
    }

    @Test
    void badConfigurationStopsBeforeAnyDevice() throws Exception {
        LineFixture line = new LineFixture(tmp);
        Files.writeString(line.config.resolve("devices.csv"), "mac,name\nnot-a-mac,x\n");
        FlashlineException e = assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("devices.csv"), e.getMessage());

        Files.delete(line.config.resolve("devices.csv"));
        Path catalog = tmp.resolve("broken.yaml");
        Files.writeString(catalog, "firmware: [ {name: x} ");
        line.properties.put("flashline.catalog", catalog.toString());
        FlashlineException c = assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertEquals(FlashlineException.Kind.BAD_INPUT, c.kind());
    }

    @Test
    void realRunWithoutSecretsSaysWhichVariableToSet() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.env.clear();
        line.properties.put("flashline.mqtt.host", "127.0.0.1");
        line.properties.put("flashline.firmware", "tasmota");
        line.properties.put("flashline.ports", "socket://127.0.0.1:1");
        Files.writeString(line.config.resolve("application.properties"), "");
        FlashlineException e = assertThrows(FlashlineException.class, () -> ProvisioningLine.run(new ProvisioningLine.Options(
                line.config, Path.of("routes"), line.data, 1, 0, null, 5, Map.of(), System.err)));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
    }

    static JsonNode recordFor(List<JsonNode> records, String mac) {
        return records.stream().filter(r -> mac.equals(r.get("mac").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no audit record for " + mac + " in " + records));
    }

    static void assertProvisionedRecord(JsonNode r, Path data) throws Exception {
        assertEquals("provisioned", r.get("status").asText(), r.toString());
        for (String field : List.of("id", "startedAt", "finishedAt", "station", "port", "chip", "mac", "flashJedecId", "flashSize")) {
            assertFalse(r.get(field).asText().isBlank(), field);
        }
        assertTrue(r.get("failedStep").isNull());
        assertTrue(r.get("error").isNull());
        assertEquals("ESP8266EX", r.get("chip").asText());
        assertEquals("tasmota-demo", r.get("firmware").get("name").asText());
        assertTrue(r.get("verify").get("ok").asBoolean());
        assertEquals("md5", r.get("verify").get("method").asText());
        assertTrue(r.get("mqtt").get("online").asBoolean());
        assertEquals("14.3.0(demo)", r.get("mqtt").get("firmwareVersion").asText());
        assertEquals("***", r.get("config").get("wifiPassword").asText());
        assertEquals("***", r.get("config").get("mqttPassword").asText());
        List<String> steps = new ArrayList<>();
        r.get("steps").forEach(s -> {
            assertTrue(s.get("ok").asBoolean(), s.toString());
            steps.add(s.get("name").asText());
        });
        assertTrue(steps.containsAll(List.of("identify", "backup", "firmware", "erase", "flash", "verify", "soft-reset",
                "serial-config", "mqtt-online", "mqtt-config", "firmware-version")), steps.toString());
        Path backup = data.resolve(r.get("backup").get("path").asText());
        assertEquals(sha256(Files.readAllBytes(backup)), r.get("backup").get("sha256").asText());
    }

    static void assertFlashHoldsPatchedImage(VirtualDevice device, byte[] image) {
        byte[] flash = device.flash().read(0, image.length);
        assertEquals(3, flash[2], "flash mode patched to DOUT");
        assertEquals(0x20, flash[3] & 0xF0, "flash size patched to the detected 1MB");
        assertEquals(image[3] & 0x0F, flash[3] & 0x0F, "frequency kept");
        assertArrayEquals(Arrays.copyOfRange(image, 4, image.length), Arrays.copyOfRange(flash, 4, image.length));
        assertEquals(image[0], flash[0]);
        assertEquals(image[1], flash[1]);
    }

    /**
     * Each step carries the bootloader bytes it put on the line: the compressed backup moves well
     * under the 1 MB it saves (a device backed up after another of the model moves only its own blocks);
     * where the firmware went behind the backup, the backup step carries it and esp:flash has nothing left.
     */
    static void assertStepsCountTheirWireBytes(BatchTracker.Row row) {
        Map<String, StepRecord> steps = new java.util.HashMap<>();
        row.steps().forEach(s -> steps.put(s.name(), s));
        assertTrue(steps.get("connect").wireBytes() > 9_000, "sync and stub upload: " + row);
        long backup = steps.get("backup").wireBytes();
        long flash = steps.get("flash").wireBytes();
        if (flash == 0) {
            assertTrue(backup > 100_000 && backup < 1_300_000, "compressed backup with the firmware behind it: " + backup);
        } else {
            assertTrue(backup > 1_000 && backup < 800_000, "compressed backup of the stock flash: " + backup);
            assertTrue(flash > 100_000, row.toString());
        }
        assertEquals(0, steps.get("serial-config").wireBytes(), "console traffic is not bootloader traffic");
        double sum = row.steps().stream().mapToDouble(StepRecord::wireSeconds).sum();
        assertEquals(row.wireSeconds(), sum, 1e-6, "every bootloader byte of the run is in one of its steps");
    }

    static void assertBackupIsTheStockFlash(JsonNode record, Path data, int index, String mac) throws Exception {
        byte[] backup = Files.readAllBytes(data.resolve(record.get("backup").get("path").asText()));
        assertEquals(1 << 20, backup.length);
        assertArrayEquals(VirtualStation.factoryFlash(index), backup, "backup differs from the original flash");
    }

    static void assertRetained(String url, String topic, String payload) throws Exception {
        Map<String, MqttMessage> got = new ConcurrentHashMap<>();
        MqttClient c = new MqttClient(url, "check-" + System.nanoTime(), new MemoryPersistence());
        c.connect();
        try {
            c.subscribe(topic, (t, m) -> got.put(t, m));
            waitFor(() -> got.containsKey(topic));
            MqttMessage m = got.get(topic);
            assertNotNull(m, "no retained message on " + topic);
            assertTrue(m.isRetained(), "delivered as retained");
            assertEquals(payload, new String(m.getPayload(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
            c.close();
        }
    }

    static void assertNoSecretIn(Path data, String output) throws Exception {
        for (String secret : List.of(LineFixture.WIFI_PASSWORD, LineFixture.MQTT_PASSWORD)) {
            assertFalse(output.contains(secret), "secret in console output or broker messages");
            try (Stream<Path> files = Files.walk(data.resolve("audit"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(f).contains(secret), "secret in " + f);
                }
            }
            try (Stream<Path> files = Files.walk(data)) {
                files.forEach(f -> assertFalse(f.getFileName().toString().contains(secret)));
            }
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final String WIFI = "Wifi-S3cret!pass";
    private static final String MQTT = "mq\"tt\\pw";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void writesEveryContractFieldWithNullsKept() throws Exception {
        AuditLog log = new AuditLog(dataDir, SecretMasker.none(), Clock.fixed(Instant.parse("2026-11-24T23:59:59Z"), ZoneOffset.UTC));
        log.append(AuditRecord.builder().id("run-1").startedAt(Instant.parse("2026-11-24T10:00:00.123456Z"))
                .station("bench-1").port("socket://127.0.0.1:5000").failed("sync", "device.unreachable", "No answer", "Hold GPIO0 low")
                .step("sync", false, 2000).build());
        Path file = dataDir.resolve("audit/audit-2026-11-24.jsonl");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        JsonNode node = JSON.readTree(lines.get(0));
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("id", "startedAt", "finishedAt", "station", "port", "status", "failedStep", "error", "chip",
                "mac", "flashJedecId", "flashSize", "backup", "firmware", "verify", "config", "mqtt", "network", "steps", "profile"), keys);
        assertEquals("2026-11-24T10:00:00.123Z", node.get("startedAt").asText());
        assertTrue(node.get("network").isNull(), "never on the network");
        assertTrue(node.get("backup").isNull());
        assertTrue(node.get("finishedAt").isNull());
        assertEquals("failed", node.get("status").asText());
        assertEquals("sync", node.get("failedStep").asText());
        assertEquals("Hold GPIO0 low", node.get("error").get("hint").asText());
        List<String> errorKeys = new ArrayList<>();
        node.get("error").fieldNames().forEachRemaining(errorKeys::add);
        assertEquals(List.of("code", "message", "hint"), errorKeys);
        assertEquals("device.unreachable", node.get("error").get("code").asText());
        assertEquals(2000, node.get("steps").get(0).get("ms").asLong());

        AuditRecord back = log.readAll().get(0);
        assertEquals("run-1", back.id());
        assertEquals(new AuditRecord.Step("sync", false, 2000), back.steps().get(0));
        assertEquals("device.unreachable", back.error().code());
    }

    @Test
    void recordsWrittenBeforeErrorCodesStillRead() throws Exception {
        Path file = dataDir.resolve("audit/audit-2026-11-20.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"id\":\"old\",\"status\":\"failed\",\"failedStep\":\"flash\","
                + "\"error\":{\"message\":\"gone\",\"hint\":\"reconnect\"},\"steps\":[]}\n");
        AuditRecord old = new AuditLog(dataDir).readAll().get(0);
        assertEquals("gone", old.error().message());
        assertEquals(null, old.error().code());
    }

    @Test
    void networkOfADeviceThatGotOnlineIsWrittenAndReadBack() throws Exception {
        AuditLog log = new AuditLog(dataDir, SecretMasker.none(), Clock.fixed(Instant.parse("2026-11-24T23:59:59Z"), ZoneOffset.UTC));
        log.append(AuditRecord.builder().id("run-2").station("bench-1").port("/dev/ttyUSB0").provisioned()
                .network("192.168.1.160", "tasmota-1A2B3C-2876", 60).build());
        JsonNode node = JSON.readTree(Files.readAllLines(dataDir.resolve("audit/audit-2026-11-24.jsonl")).get(0));
        assertEquals("192.168.1.160", node.get("network").get("ip").asText());
        assertEquals("tasmota-1A2B3C-2876", node.get("network").get("hostname").asText());
        assertEquals(60, node.get("network").get("rssi").asInt());
        assertEquals(new AuditRecord.NetworkInfo("192.168.1.160", "tasmota-1A2B3C-2876", 60), log.readAll().get(0).network());
    }

    @Test
    void concurrentAppendsAreAllPresentAndEachLineIsValidJson() throws Exception {
        AuditLog log = new AuditLog(dataDir);
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    // Different lengths, so interleaved writes would show as broken lines.
                    log.append(sample("t" + thread + "-" + i, "x".repeat((thread * 37 + i * 11) % 500)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Set<String> ids = new HashSet<>();
        int lines = 0;
        for (Path file : log.files()) {
            for (String line : Files.readAllLines(file)) {
                lines++;
                ids.add(JSON.readTree(line).get("id").asText());
            }
        }
        assertEquals(threads * perThread, lines);
        assertEquals(threads * perThread, ids.size());
        assertEquals(threads * perThread, log.readAll().size());
    }

    @Test
    void noSecretReachesTheAuditFile() throws Exception {
        AuditLog log = new AuditLog(dataDir, SecretMasker.of(WIFI, MQTT));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("wifi.ssid", "shop-floor");
        config.put("wifi.password", WIFI);
        config.put("mqtt.password", "something not in the secret list");
        config.put("backlog", "SSID1 shop-floor; Password1 " + WIFI + "; MqttPassword " + MQTT);
        config.put("nested", Map.of("MqttPassword", MQTT, "note", "pw is " + MQTT));
        log.append(AuditRecord.builder().id("r1").mac("aa:bb:cc:dd:ee:ff").config(config)
                .failed("configure", "Device rejected Password1 " + WIFI, "MQTT said: bad password " + MQTT)
                .mqtt("sonoff_" + WIFI, false, null).step("configure " + MQTT, false, 5).build());

        String text = readAuditText();
        assertFalse(text.contains(WIFI), text);
        assertFalse(text.contains(MQTT), text);
        // The JSON-escaped form of the MQTT password must not leak either.
        assertFalse(text.contains(JSON.writeValueAsString(MQTT).replaceAll("^\"|\"$", "")), text);
        assertFalse(text.contains("something not in the secret list"), "secret keys are masked whatever their value");
        JsonNode node = log.readAllJson().get(0);
        assertEquals("***", node.get("config").get("wifi.password").asText());
        assertEquals("SSID1 shop-floor; Password1 ***; MqttPassword ***", node.get("config").get("backlog").asText());
        assertEquals("Device rejected Password1 ***", node.get("error").get("message").asText());
        assertEquals("shop-floor", node.get("config").get("wifi.ssid").asText());
    }

    @Test
    void appendsWithoutRewritingAndRecoversFromACutLine() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
        AuditLog log = new AuditLog(dataDir, SecretMasker.none(), clock);
        log.append(sample("first", ""));
        Path file = log.files().get(0);
        byte[] before = Files.readAllBytes(file);
        // Simulate a crash mid-write by another process: a cut line without newline.
        Files.write(file, "{\"id\":\"cut".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        log.append(sample("second", ""));
        byte[] after = Files.readAllBytes(file);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], "earlier bytes are never rewritten");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("second", JSON.readTree(lines.get(2)).get("id").asText());
    }

    @Test
    void aTornTailIsReportedAndEndedByAppendingOnly() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
        AuditLog log = new AuditLog(dataDir, SecretMasker.none(), clock);
        log.append(sample("first", ""));
        Path file = log.files().get(0);
        Files.write(file, "{\"id\":\"cu".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(file);

        List<String> report = log.repairTornTail();

        assertEquals(1, report.size());
        assertTrue(report.get(0).contains("9 bytes"), report.get(0));
        byte[] after = Files.readAllBytes(file);
        assertEquals(before.length + 1, after.length);
        assertEquals('\n', after[after.length - 1]);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], "nothing rewritten");
        }
        assertTrue(log.repairTornTail().isEmpty(), "a repaired log needs nothing more");
    }

    private static AuditRecord sample(String id, String padding) {
        return AuditRecord.builder().id(id).startedAt(Instant.now()).finishedAt(Instant.now()).station("s")
                .port("socket://127.0.0.1:1").provisioned().chip("ESP8266EX").mac("aa:bb:cc:dd:ee:ff")
                .flashJedecId("c84014").flashSize("1MB").backup(new BackupRef("backups/x.bin", "00", 1))
                .firmware("tasmota-demo", "14.3.0(demo)", "ab").verify("md5", true)
                .config(Map.of("padding", padding)).mqtt("sonoff_ddeeff", true, "14.3.0(demo)")
                .step("sync", true, 12).build();
    }

    private String readAuditText() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}

package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run --simulate K`: the command line wires virtual devices into the line through pipeline.DeviceSimulator. */
class RunSimulateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void runSimulateProvisionsEveryVirtualDevice() throws Exception {
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "2", "--config", "config", "--routes", "routes",
                "--data-dir", tmp.toString(), "--timeout", "240");
        assertEquals(0, run.exit(), run.err());
        List<JsonNode> records = new AuditLog(tmp).readAllJson();
        assertEquals(2, records.size(), run.err());
        for (JsonNode r : records) {
            assertEquals("provisioned", r.get("status").asText(), r.toString());
            assertTrue(r.get("verify").get("ok").asBoolean());
        }
        assertTrue(run.err().contains("2 of 2 device(s) provisioned."), run.err());
    }

    @Test
    void runSimulateTakesTheTasmotaReleaseAndShowsWhereEachDeviceIs() throws Exception {
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "1", "--config", "config", "--routes", "routes",
                "--data-dir", tmp.toString(), "--timeout", "240", "--tasmota-log-style", "current", "--tasmota-version", "14.3.0.2");
        assertEquals(0, run.exit(), run.err());
        JsonNode r = new AuditLog(tmp).readAllJson().get(0);
        assertEquals("14.3.0.2(release-tasmota)", r.get("mqtt").get("firmwareVersion").asText(), r.toString());
        String ip = r.get("network").get("ip").asText();
        assertTrue(ip.startsWith("192.168.1."), r.toString());
        assertTrue(run.err().contains("IP") && run.err().contains(ip), "summary table with the address:\n" + run.err());
    }

    @Test
    void unknownTasmotaLogStyleIsBadUsage() throws Exception {
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "1", "--config", "config", "--routes", "routes",
                "--data-dir", tmp.toString(), "--tasmota-log-style", "7.x");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("7.x"), run.err());
    }

    @Test
    void runSimulateTakesAMixedBatchAndPicksTheBuildPerChip() throws Exception {
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "2", "--chips", "esp8266,esp32c3", "--config", "config",
                "--routes", "routes", "--data-dir", tmp.toString(), "--timeout", "240");
        assertEquals(0, run.exit(), run.err());
        List<JsonNode> records = new AuditLog(tmp).readAllJson();
        assertEquals(2, records.size(), run.err());
        java.util.Map<String, JsonNode> byChip = new java.util.HashMap<>();
        for (JsonNode r : records) {
            assertEquals("provisioned", r.get("status").asText(), r.toString());
            assertTrue(r.get("verify").get("ok").asBoolean());
            byChip.put(r.get("chip").asText(), r);
        }
        assertEquals(java.util.Set.of("ESP8266EX", "ESP32-C3"), byChip.keySet(), records.toString());
        assertTrue(byChip.get("ESP32-C3").toString().contains("tasmota32c3-demo"), byChip.get("ESP32-C3").toString());
        assertTrue(byChip.get("ESP8266EX").toString().contains("tasmota-demo"), byChip.get("ESP8266EX").toString());
    }

    @Test
    void unknownChipIsBadUsage() {
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "1", "--chips", "esp8266,esp32s3", "--data-dir", tmp.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("esp32s3"), run.err());
    }
}

package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.digest.Digests;
import dev.flashline.sim.Chip;
import dev.flashline.sim.tasmota.SettingsStore;
import dev.flashline.transport.SerialLinkStation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `run` on an ESP32 and an ESP32-C3 reached as real adapters are: through pseudo-terminals
 * (jSerialComm, socat bridging each PTY to a virtual device) and through rfc2217:// (ser2net on
 * those PTYs). No control lines on either: the line reaches the ROMs as they are and starts the
 * firmware without RTS (the ESP32-family watchdog reset). Each device is backed up, flashed,
 * verified, configured and seen on MQTT. Over rfc2217:// only the ESP32-C3 runs the whole line: the
 * ESP32 has no stub, and its ROM's whole-flash backup (READ_FLASH_SLOW, 64 bytes a round trip) takes
 * minutes through ser2net's round trips; its ROM path over rfc2217:// is covered command by command
 * in Esp32SerialLinksEndToEndTest.
 */
class Esp32LineOverSerialLinksTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "rfc2217 = {0}")
    @ValueSource(booleans = {false, true})
    void theLineProvisionsEsp32AndEsp32c3OverSerialLinks(boolean rfc2217) throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.chips = rfc2217 ? List.of(Chip.ESP32C3) : List.of(Chip.ESP32, Chip.ESP32C3);
        line.link = station -> new SerialLinkStation(station, rfc2217);
        try (ProvisioningLine.Outcome outcome = line.run(line.chips.size(), null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            List<JsonNode> records = new AuditLog(line.data).readAllJson();
            Map<String, JsonNode> byChip = records.stream().collect(Collectors.toMap(r -> r.get("chip").asText(), Function.identity()));
            assertEquals(rfc2217 ? java.util.Set.of("ESP32-C3") : java.util.Set.of("ESP32", "ESP32-C3"), byChip.keySet(),
                    records.toString());
            for (JsonNode r : records) {
                String port = r.get("port").asText();
                assertTrue(rfc2217 ? port.startsWith("rfc2217://") : port.startsWith("/dev/pts/"), port);
                assertEquals("provisioned", r.get("status").asText(), r.toString());
                assertTrue(r.get("verify").get("ok").asBoolean(), r.toString());
                Path backup = line.data.resolve(r.get("backup").get("path").asText());
                assertEquals(4 << 20, Files.size(backup));
                assertEquals(Digests.sha256Hex(backup), r.get("backup").get("sha256").asText());
                assertEquals("14.3.0(demo)", r.get("mqtt").get("firmwareVersion").asText(), "Tasmota32 answered over MQTT");
            }
            if (!rfc2217) {
                assertEquals("tasmota32-demo", byChip.get("ESP32").get("firmware").get("name").asText());
            }
            assertEquals("tasmota32c3-demo", byChip.get("ESP32-C3").get("firmware").get("name").asText());
            for (int i = 0; i < line.chips.size(); i++) {
                assertTrue(SettingsStore.load(line.devices().get(i).flash()).isPresent(), "Tasmota32 saved its settings");
            }
        }
    }
}

package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.BackupRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    @TempDir
    Path data;

    private static AuditRecord record(String mac, String started, boolean ok) {
        AuditRecord.Builder b = AuditRecord.builder().id(mac + started).startedAt(Instant.parse(started))
                .finishedAt(Instant.parse(started).plusSeconds(40)).station("bench").port("/dev/ttyUSB0").mac(mac)
                .chip("ESP8266EX").flashSize("1MB").firmware("tasmota", "15.2.0", "ab".repeat(32))
                .backup(new BackupRef("backups/" + mac.replace(":", "") + ".bin", "cd".repeat(32), 1 << 20));
        return ok ? b.provisioned().build() : b.failed("wifi", "AP not found", "check the SSID").build();
    }

    @Test
    void filtersByMacStatusAndDateAndSkipsATornLastLine() throws Exception {
        AuditLog log = new AuditLog(data);
        log.append(record("5c:cf:7f:00:00:01", "2026-11-20T09:00:00Z", true));
        log.append(record("5c:cf:7f:00:00:02", "2026-11-24T10:00:00Z", false));
        log.append(record("5c:cf:7f:00:00:01", "2026-11-25T11:00:00Z", true));
        Path file = log.files().get(0);
        // Power lost mid-write: the last line is cut off.
        Files.writeString(file, "{\"id\":\"torn\",\"startedAt\":\"2026-11-26T", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        CliRun all = CliRun.of("audit", "--data-dir", data.toString(), "--json");
        assertEquals(0, all.exit(), all.err());
        List<String> lines = all.out().lines().toList();
        assertEquals(3, lines.size(), all.out());
        assertTrue(all.err().contains("line 4: the last line is cut off"), all.err());

        CliRun mac = CliRun.of("audit", "--data-dir", data.toString(), "--mac", "5C-CF-7F-00-00-01", "--since", "2026-11-21", "--json");
        List<String> one = mac.out().lines().toList();
        assertEquals(1, one.size(), mac.out());
        JsonNode r = new ObjectMapper().readTree(one.get(0));
        assertEquals("2026-11-25T11:00:00Z", r.get("startedAt").asText());
        assertEquals("backups/5ccf7f000001.bin", r.get("backup").get("path").asText());
        assertEquals("15.2.0", r.get("firmware").get("version").asText());

        CliRun failed = CliRun.of("audit", "--data-dir", data.toString(), "--status", "failed");
        assertEquals(0, failed.exit());
        assertTrue(failed.out().contains("5c:cf:7f:00:00:02") && failed.out().contains("failed at wifi: AP not found"), failed.out());
        assertTrue(!failed.out().contains("5c:cf:7f:00:00:01"), failed.out());

        CliRun bad = CliRun.of("audit", "--data-dir", data.toString(), "--since", "last tuesday");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--since"), bad.err());
    }
}

package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunJournalTest {
    @TempDir
    Path data;

    @Test
    void aRunLeftMidStepBecomesAnInterruptedFailedRecordOnce() {
        RunJournal journal = new RunJournal(data);
        BackupRef backup = new BackupRef("backups/x.bin", "ab".repeat(32), 1048576);
        journal.record(new RunJournal.Entry("run-1", "/dev/ttyUSB0", "2026-11-29T10:00:00.000Z", "backup", "ESP8266EX",
                "aa:bb:cc:dd:ee:ff", "c84014", "1MB", null, List.of(new AuditRecord.Step("identify", true, 120))));
        journal.record(new RunJournal.Entry("run-1", "/dev/ttyUSB0", "2026-11-29T10:00:00.000Z", "flash", "ESP8266EX",
                "aa:bb:cc:dd:ee:ff", "c84014", "1MB", backup, List.of(new AuditRecord.Step("identify", true, 120),
                new AuditRecord.Step("backup", true, 23000))));
        journal.record(new RunJournal.Entry("run-2", "/dev/ttyUSB1", null, "identify", null, null, null, null, null, null));
        journal.done("run-2");

        AuditLog log = new AuditLog(data);
        List<AuditRecord> recovered = new RunJournal(data).recover(log, "bench-1");

        assertEquals(1, recovered.size());
        List<JsonNode> lines = log.readAllJson();
        assertEquals(1, lines.size());
        JsonNode r = lines.get(0);
        assertEquals("run-1", r.get("id").asText());
        assertEquals("failed", r.get("status").asText());
        assertEquals("flash", r.get("failedStep").asText());
        assertTrue(r.get("error").get("message").asText().contains("interrupted"));
        assertEquals("backups/x.bin", r.get("backup").get("path").asText());
        assertEquals(2, r.get("steps").size());
        assertEquals("bench-1", r.get("station").asText());
        assertTrue(new RunJournal(data).leftovers().isEmpty(), "recovered once, not again at the next start");
        assertTrue(new RunJournal(data).recover(log, "bench-1").isEmpty());
    }

    @Test
    void aHalfWrittenReplacementIsIgnoredAndTheEntryBeforeItStands() throws Exception {
        RunJournal journal = new RunJournal(data);
        journal.record(new RunJournal.Entry("run-3", "p", null, "erase", null, null, null, null, null, null));
        Files.writeString(journal.directory().resolve(".run-3.tmp"), "{\"id\":\"run-3\",\"st");
        List<RunJournal.Entry> left = journal.leftovers();
        assertEquals(1, left.size());
        assertEquals("erase", left.get(0).step());
        assertTrue(Files.notExists(journal.directory().resolve(".run-3.tmp")));
        assertNull(left.get(0).mac());
    }
}

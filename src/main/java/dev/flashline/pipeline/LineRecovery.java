package dev.flashline.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditOutbox;
import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.BackupStore;
import dev.flashline.audit.RunJournal;
import dev.flashline.audit.SecretMasker;
import dev.flashline.audit.SpooledBackups;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the line does at start with what an earlier line left behind (killed, crashed, powered
 * off): ends a torn last audit line, turns journal entries into "interrupted" records, deletes
 * backup temp files that never got a name. Everything it does is said on the console.
 */
final class LineRecovery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineRecovery() {
    }

    static void run(AuditLog log, RunJournal journal, AuditOutbox outbox, BackupStore backups, SpooledBackups spool,
                    SecretMasker masker, String station, PrintStream console) {
        for (String repaired : log.repairTornTail()) {
            console.println("Audit log repaired: " + repaired);
        }
        recoverJournal(log, journal, outbox, masker, station, console);
        int parts = backups.removeIncomplete();
        if (parts > 0) {
            console.println("Removed " + parts + " unfinished backup temp file(s) from " + backups.directory()
                    + " (a backup interrupted before it was complete; complete backups are untouched)");
        }
        List<SpooledBackups.Kept> spooled = spool.leftovers();
        if (!spooled.isEmpty()) {
            console.println("Old flash of " + spooled.size() + " device(s) is in " + spool.directory() + ", kept while their"
                    + " firmware went behind their backup when the line stopped; those devices no longer hold it. Run each"
                    + " device again: its backup is completed from there. Keep the folder until then.");
        }
    }

    /**
     * Devices the journal still lists were mid-run when the line stopped: each gets a failed
     * "interrupted" record at its step (unless its own record made it to the log), kept in the outbox.
     */
    static void recoverJournal(AuditLog log, RunJournal journal, AuditOutbox outbox, SecretMasker masker, String station,
                               PrintStream console) {
        List<RunJournal.Entry> leftovers = journal.leftovers();
        if (leftovers.isEmpty()) {
            return;
        }
        Map<String, String> logged = loggedRecords(log);
        for (RunJournal.Entry e : leftovers) {
            String line = logged.get(e.id());
            if (line != null) {
                // Stopped after the record was written but before its entry was removed: the record stands;
                // it may not have reached the outbox, so it goes there again (duplicates carry the same id).
                outbox.put(e.id(), line);
                journal.done(e.id());
            }
        }
        for (AuditRecord r : journal.recover(log, station, appended -> outbox.put(appended.id(), json(appended, masker)))) {
            console.println("[" + r.port() + (r.mac() == null ? "" : " " + r.mac()) + "] FAILED at " + r.failedStep()
                    + ": interrupted (the line stopped while this device was at this step); its record is in the audit log");
        }
    }

    /** Record id → its line, for every line of the audit log that parses (a torn line does not). */
    private static Map<String, String> loggedRecords(AuditLog log) {
        Map<String, String> byId = new HashMap<>();
        for (Path file : log.files()) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        JsonNode node = JSON.readTree(line);
                        if (node != null && node.hasNonNull("id")) {
                            byId.put(node.get("id").asText(), line);
                        }
                    } catch (JsonProcessingException torn) {
                        // reported by repairTornTail
                    }
                }
            } catch (IOException e) {
                throw FlashlineException.badInput("Cannot read audit file " + file + ": " + e.getMessage(),
                        "Check that the data directory is readable.");
            }
        }
        return byId;
    }

    static String json(AuditRecord record, SecretMasker masker) {
        try {
            return JSON.writeValueAsString(masker.mask(JSON.valueToTree(record)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit record always serialises", e);
        }
    }
}

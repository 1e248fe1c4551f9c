package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.errors.FlashlineException;
import dev.flashline.sim.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No silent loops: a device that keeps failing to connect is reported at every attempt, then recorded failed. */
class ConnectAttemptsLineTest {
    @TempDir
    Path tmp;

    @Test
    void stubThatNeverGreetsIsReportedAtEveryAttemptThenRecordedFailedAndTheOtherDeviceGoesOn() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.attempts", "2");
        try (ProvisioningLine.Outcome outcome = line.run(2, Fault.stubSilent())) {
            assertFalse(outcome.allProvisioned());
            List<JsonNode> records = new AuditLog(line.data).readAllJson();
            assertEquals(2, records.size(), records.toString());
            String mac = line.devices().get(0).macText();
            JsonNode stuck = ProvisioningLineTest.recordFor(records, mac);
            assertEquals("failed", stuck.get("status").asText());
            assertEquals("connect", stuck.get("failedStep").asText(), stuck.toString());
            String message = stuck.get("error").get("message").asText();
            assertTrue(message.contains("bundled flasher stub did not start"), message);
            String hint = stuck.get("error").get("hint").asText();
            assertTrue(hint.contains("flashline.stub") && !hint.contains("--stub"), "the line names its own setting: " + hint);
            assertTrue(stuck.get("backup").isNull(), "nothing was read or written");
            String console = line.consoleText();
            assertTrue(console.contains("attempt 1 of 2 failed: The bundled flasher stub did not start"), console);
            assertTrue(console.contains("attempt 2 of 2 failed: The bundled flasher stub did not start"), console);
            assertFalse(console.contains("attempt 3 of"), console);
            assertEquals("provisioned", ProvisioningLineTest.recordFor(records, line.devices().get(1).macText())
                    .get("status").asText(), "the other port went on");
        }
    }

    @Test
    void deviceThatBootsFromFlashIsDiagnosedAtEveryAttemptThenRecordedFailed() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.attempts", "2");
        try (ProvisioningLine.Outcome outcome = line.run(1, Fault.bootFromFlash())) {
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertEquals("failed", record.get("status").asText());
            assertEquals("connect", record.get("failedStep").asText());
            assertTrue(record.get("error").get("message").asText().contains("GPIO0"), record.toString());
            assertTrue(record.get("mac").isNull(), "never identified");
            String console = line.consoleText();
            assertTrue(console.contains("attempt 1 of 2 failed") && console.contains("(doctor: boot-from-flash)"), console);
        }
    }

    @Test
    void deviceThatDropsOffAfterSyncIsReportedAtEveryAttemptThenRecordedFailed() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.attempts", "2");
        try (ProvisioningLine.Outcome outcome = line.run(1, Fault.dropAfterBytes(2_000))) { // during the stub upload
            JsonNode record = new AuditLog(line.data).readAllJson().get(0);
            assertEquals("failed", record.get("status").asText());
            assertEquals("connect", record.get("failedStep").asText());
            assertTrue(record.get("error").get("message").asText().contains("answered SYNC, then the link closed"), record.toString());
            String console = line.consoleText();
            assertTrue(console.contains("attempt 1 of 2 failed") && console.contains("attempt 2 of 2 failed"), console);
        }
    }

    @Test
    void stubFileThatDoesNotExistStopsTheLineBeforeAnyDevice() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.stub", tmp.resolve("missing-stub.json").toString());
        FlashlineException e = org.junit.jupiter.api.Assertions.assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("flashline.stub"), e.getMessage());
        assertFalse(Files.exists(line.data.resolve("audit")) && Files.list(line.data.resolve("audit")).findAny().isPresent());
    }
}

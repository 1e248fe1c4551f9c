package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditReader;
import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.BackupRef;
import dev.flashline.audit.BackupStore;
import dev.flashline.digest.Digests;
import dev.flashline.flasher.TestStubs;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreCommandTest {
    private static final String MAC = "5c:cf:7f:a1:b2:c3";

    @TempDir
    Path tmp;
    private SimServer server;
    private VirtualDevice device;
    private String port;
    private String stub;
    private Path data;
    private byte[] original;

    @BeforeEach
    void start() throws Exception {
        device = new VirtualDevice(VirtualDeviceConfig.builder().mac(MAC).build());
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        server = new SimServer("127.0.0.1", free, List.of(device));
        server.start();
        port = "socket://127.0.0.1:" + free;
        stub = TestStubs.write(tmp).toString();
        data = tmp.resolve("data");
        // What the line did: back up the original firmware, record it, flash something else.
        original = new byte[1 << 20];
        new Random(7).nextBytes(original);
        BackupRef ref = new BackupStore(data).save(MAC, original);
        new AuditLog(data).append(AuditRecord.builder().id("run-1").startedAt(Instant.parse("2026-11-20T09:00:00Z"))
                .mac(MAC).backup(ref).firmware("tasmota", "15.2.0", "ab".repeat(32)).provisioned().build());
        byte[] tasmota = new byte[1 << 20];
        new Random(8).nextBytes(tasmota);
        device.flash().load(0, tasmota);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void writesTheOriginalBackupBackVerifiedAndAudited() {
        CliRun run = CliRun.of("restore", "--port", port, "--stub", stub, "--mac", "5C-CF-7F-A1-B2-C3",
                "--data-dir", data.toString(), "--json");

        assertEquals(0, run.exit(), run.err());
        assertArrayEquals(original, device.flash().snapshot());
        JsonNode json = run.json();
        assertEquals(MAC, json.get("mac").asText());
        assertEquals(Digests.sha256Hex(original), json.get("sha256").asText());
        assertTrue(json.get("verified").asBoolean());
        List<JsonNode> records = new AuditReader().read(new AuditLog(data)).records();
        JsonNode restore = records.get(records.size() - 1);
        assertEquals("restore", restore.get("kind").asText());
        assertEquals("provisioned", restore.get("status").asText());
        assertEquals(MAC, restore.get("mac").asText());
        assertEquals(Digests.sha256Hex(original), restore.get("backup").get("sha256").asText());
        assertTrue(restore.get("backup").get("path").asText().startsWith("backups/"), restore.toString());
        assertTrue(restore.get("verify").get("ok").asBoolean());
    }

    @Test
    void refusesABackupOfAnotherDeviceOrAnotherFlashSizeBeforeWriting() throws Exception {
        byte[] before = device.flash().snapshot();

        // A backup named for another device, restored as this one.
        Path foreign = tmp.resolve("aabbccddeeff-20261120T090000Z-00000000.bin");
        Files.write(foreign, original);
        CliRun other = CliRun.of("restore", "--port", port, "--stub", stub, "--mac", MAC, "--backup", foreign.toString(),
                "--data-dir", tmp.resolve("empty").toString());
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("belongs to aa:bb:cc:dd:ee:ff"), other.err());

        // The right backup for the MAC asked for, but the device on the port is another one.
        CliRun wrongDevice = CliRun.of("restore", "--port", port, "--stub", stub, "--mac", "aa:bb:cc:dd:ee:ff",
                "--backup", foreign.toString(), "--data-dir", tmp.resolve("empty").toString());
        assertEquals(2, wrongDevice.exit(), wrongDevice.err());
        assertTrue(wrongDevice.err().contains("is " + MAC + ", not aa:bb:cc:dd:ee:ff"), wrongDevice.err());

        // This device's MAC, but a 2MB dump on a 1MB chip.
        Path big = tmp.resolve("5ccf7fa1b2c3-20261120T090000Z-11111111.bin");
        Files.write(big, new byte[2 << 20]);
        CliRun size = CliRun.of("restore", "--port", port, "--stub", stub, "--mac", MAC, "--backup", big.toString(),
                "--data-dir", tmp.resolve("empty").toString());
        assertEquals(2, size.exit(), size.err());
        assertTrue(size.err().contains("1MB of flash"), size.err());

        assertArrayEquals(before, device.flash().snapshot(), "nothing written");
    }

    @Test
    void aBackupChangedSinceItWasRecordedIsRefused() throws Exception {
        Path file = Files.list(data.resolve("backups")).findFirst().orElseThrow();
        byte[] changed = Files.readAllBytes(file);
        changed[100] ^= 1;
        Files.write(file, changed);
        CliRun run = CliRun.of("restore", "--port", port, "--stub", stub, "--mac", MAC, "--data-dir", data.toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("changed or damaged"), run.err());
    }
}

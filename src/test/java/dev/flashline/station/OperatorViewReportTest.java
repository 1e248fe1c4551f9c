package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditRecord;
import dev.flashline.events.LineEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch longer than the station state's recent list: the report still lists every device of the
 * batch (from the audit log), and nothing from before the batch or from another station.
 */
class OperatorViewReportTest {
    @TempDir
    Path data;

    @Test
    void reportListsEveryDeviceOfTheBatchThoughTheStateKeepsOnlyTheRecentOnes() throws Exception {
        AuditLog log = new AuditLog(data);
        log.append(record("before", "bench-1", Instant.now().minusSeconds(3600), "18:fe:34:00:ff:ff"));
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        int devices = StationState.RECENT + 25;
        try (OperatorView view = new OperatorView(new OperatorView.Options(OperatorView.Mode.QUIET, 0, nowhere, nowhere))) {
            view.lineStarting(new OperatorView.Line("bench-1", List.of("/dev/ttyUSB0"), devices, data, Map.of(), Map.of()), nowhere);
            Thread.sleep(5); // the records below finish after the batch started
            for (int i = 0; i < devices; i++) {
                String mac = String.format("18:fe:34:00:%02x:%02x", i >> 8, i & 0xFF);
                AuditRecord r = record("dev-" + i, "bench-1", Instant.now(), mac);
                log.append(r);
                view.bus().publish(new LineEvent.DeviceDone("/dev/ttyUSB0", BusFeed.summary(r, 1.0)));
            }
            log.append(record("other", "bench-2", Instant.now(), "18:fe:34:00:ee:ee"));
            assertEquals(StationState.RECENT, view.state().recentOldestFirst().size(), "the state keeps only the recent devices");
            view.lineEnded(false);
        }
        Path csv;
        try (var files = Files.list(data.resolve("reports"))) {
            csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals(devices + 1, lines.size(), "a header and one row per device of the batch");
        String text = String.join("\n", lines);
        assertTrue(text.contains("18:fe:34:00:00:00") && text.contains(String.format("18:fe:34:00:00:%02x", devices - 1)));
        assertFalse(text.contains("18:fe:34:00:ff:ff"), "a device from before the batch");
        assertFalse(text.contains("18:fe:34:00:ee:ee"), "another station's device");
    }

    @Test
    void aStoppedBatchListsEachDeviceCutMidRunOnce() throws Exception {
        AuditLog log = new AuditLog(data);
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        try (OperatorView view = new OperatorView(new OperatorView.Options(OperatorView.Mode.QUIET, 0, nowhere, nowhere))) {
            view.lineStarting(new OperatorView.Line("bench-1", List.of("p1", "p2"), 0, data, Map.of(), Map.of()), nowhere);
            for (String[] d : new String[][] {{"p1", "18:fe:34:00:00:01"}, {"p2", "18:fe:34:00:00:02"}}) {
                view.bus().publish(new LineEvent.DeviceFound(d[0], "ESP8266EX", d[1], "1MB"));
                view.bus().publish(new LineEvent.StepStarted(d[0], d[1], "flash"));
            }
            Thread.sleep(5);
            // The stop already wrote the interrupted record of the device on p1; p2's is not in the log.
            log.append(AuditRecord.builder().id("cut").startedAt(Instant.now().minusSeconds(1)).finishedAt(Instant.now())
                    .station("bench-1").port("p1").mac("18:fe:34:00:00:01")
                    .failed("flash", "interrupted", "interrupted: the line was stopped during this step", "").build());
            view.lineEnded(true);
        }
        Path csv;
        try (var files = Files.list(data.resolve("reports"))) {
            csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
        }
        String text = Files.readString(csv);
        assertEquals(3, Files.readAllLines(csv).size(), text);
        assertEquals(1, text.split("18:fe:34:00:00:01", -1).length - 1, text);
        assertEquals(1, text.split("18:fe:34:00:00:02", -1).length - 1, text);
    }

    private static AuditRecord record(String id, String station, Instant finished, String mac) {
        return AuditRecord.builder().id(id).startedAt(finished.minusSeconds(1)).finishedAt(finished).station(station)
                .port("/dev/ttyUSB0").provisioned().mac(mac).build();
    }

}

package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.SecretMasker;
import dev.flashline.camel.DeviceRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A line that runs all day: the tracker keeps a bounded number of rows and still counts every device. */
class BatchTrackerTest {
    @Test
    void afterManyDevicesTheTrackerKeepsTheLastRowsAndCountsThemAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BatchTracker tracker = new BatchTracker(new PrintStream(out, true, StandardCharsets.UTF_8), SecretMasker.none(), 0);
        int devices = BatchTracker.KEPT_ROWS + 100;
        for (int i = 0; i < devices; i++) {
            String mac = String.format("18:fe:34:00:%02x:%02x", i >> 8, i & 0xFF);
            AuditRecord.Builder b = AuditRecord.builder().id("r" + i).startedAt(Instant.now()).finishedAt(Instant.now())
                    .port("/dev/ttyUSB0").mac(mac);
            tracker.deviceDone(new DeviceRun("/dev/ttyUSB0"), (i == 3 ? b.failed("flash", "device.failed", "gone", "") : b.provisioned()).build());
        }
        assertEquals(BatchTracker.KEPT_ROWS, tracker.rows().size(), "rows kept");
        assertEquals(devices, tracker.finished());
        assertEquals(String.format("18:fe:34:00:%02x:%02x", (devices - 1) >> 8, (devices - 1) & 0xFF),
                tracker.rows().get(BatchTracker.KEPT_ROWS - 1).mac(), "the newest row is kept");
        assertFalse(tracker.allProvisioned(), "device 3 failed, though its row is no longer kept");
        tracker.printSummary();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains((devices - 1) + " of " + devices + " device(s) provisioned."), printed);
        assertTrue(printed.contains("100 earlier device(s) not listed"), printed);
    }

    @Test
    void aBatchIsAllProvisionedOnlyWhenEveryExpectedDeviceWas() {
        BatchTracker tracker = new BatchTracker(new PrintStream(new ByteArrayOutputStream()), SecretMasker.none(), 2);
        assertFalse(tracker.allProvisioned());
        tracker.deviceDone(new DeviceRun("p"), AuditRecord.builder().id("a").port("p").provisioned().build());
        assertFalse(tracker.allProvisioned(), "one of two");
        tracker.deviceDone(new DeviceRun("p"), AuditRecord.builder().id("b").port("p").provisioned().build());
        assertTrue(tracker.allProvisioned());
    }
}

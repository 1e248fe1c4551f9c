package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.BackupRef;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.camel.DeviceRun;
import dev.flashline.events.EventBus;
import dev.flashline.events.LineEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BusFeedTest {
    final EventBus bus = new EventBus();
    final List<LineEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger passedOn = new AtomicInteger();
    final BusFeed feed = new BusFeed(bus, new DeviceEvents() {
        @Override
        public void progress(DeviceRun run, String phase, long done, long total) {
            passedOn.incrementAndGet();
        }
    }, s -> s == null ? null : s.replace("hunter2", "***"));

    BusFeedTest() {
        bus.subscribe(events::add);
    }

    @Test
    void stepsAndThrottledProgressWithRateReachTheBusAndTheOldListener() throws Exception {
        DeviceRun run = new DeviceRun("/dev/ttyUSB0", feed);
        run.step("backup", () -> {
            for (int i = 1; i <= 1000; i++) {
                feed.progress(run, "read", i * 1024L, 1024_000);
                if (i % 100 == 0) {
                    sleep(60);
                }
            }
        });
        assertEquals(1000, passedOn.get(), "every callback still reaches today's tracker");
        assertInstanceOf(LineEvent.StepStarted.class, events.get(0));
        assertEquals("backup", ((LineEvent.StepStarted) events.get(0)).step());
        List<LineEvent.Progress> progress = events.stream().filter(e -> e instanceof LineEvent.Progress).map(e -> (LineEvent.Progress) e).toList();
        assertTrue(progress.size() >= 3 && progress.size() < 40, "throttled: " + progress.size());
        LineEvent.Progress last = progress.get(progress.size() - 1);
        assertEquals(1024_000, last.done(), "the last chunk is always published");
        assertEquals("backup", last.step());
        assertTrue(last.bytesPerSecond() > 0, "a rate once the phase ran a while");
        assertInstanceOf(LineEvent.StepDone.class, events.get(events.size() - 1));
    }

    @Test
    void aFailedDeviceGivesStepFailedWithCauseThenDeviceDoneWithTheRecordSummary() {
        DeviceRun run = new DeviceRun("/dev/ttyUSB1", feed);
        feed.noDevice("/dev/ttyUSB1", "boot-from-flash", "booted with password hunter2", "hold GPIO0 low");
        AuditRecord record = AuditRecord.builder().id("r1").startedAt(Instant.now()).finishedAt(Instant.now()).station("s")
                .port("/dev/ttyUSB1").failed("verify", "MD5 differs", "flash it again").mac("18:fe:34:00:00:01").chip("ESP8266EX")
                .backup(new BackupRef("backups/a.bin", "ab".repeat(32), 1048576)).firmware("tasmota", "14.3.0", "cd".repeat(32))
                .step("identify", true, 5).step("verify", false, 40).build();
        feed.deviceDone(run, record);
        LineEvent.PortDiagnosis d = (LineEvent.PortDiagnosis) events.get(0);
        assertEquals("booted with password ***", d.detail(), "masked");
        LineEvent.StepFailed f = (LineEvent.StepFailed) events.get(1);
        assertEquals("verify", f.step());
        assertEquals("MD5 differs", f.message());
        assertEquals("flash it again", f.hint());
        LineEvent.DeviceDone done = (LineEvent.DeviceDone) events.get(2);
        assertEquals("failed", done.device().status());
        assertEquals("backups/a.bin", done.device().backupPath());
        assertEquals("14.3.0", done.device().firmwareVersion());
        assertEquals(2, done.device().steps().size());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.events.LineEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class TableRendererTest {
    final AtomicLong clock = new AtomicLong(0);
    final StationState state = new StationState(clock::get);

    StationSnapshot eightPorts() {
        List<String> ports = List.of("/dev/ttyUSB0", "/dev/ttyUSB1", "/dev/ttyUSB2", "/dev/ttyUSB3",
                "/dev/ttyUSB4", "/dev/ttyUSB5", "/dev/ttyUSB6", "/dev/ttyUSB7");
        state.accept(new LineEvent.BatchStarted("20261129-101500", "bench", ports, 8));
        ports.forEach(p -> state.accept(new LineEvent.PortWaiting(p, "CH340", "hold the button, power up the device")));
        state.accept(new LineEvent.DeviceFound("/dev/ttyUSB1", "ESP8266EX", "18:fe:34:00:00:01", "1MB"));
        state.accept(new LineEvent.StepStarted("/dev/ttyUSB1", "18:fe:34:00:00:01", "backup"));
        clock.addAndGet(75_000);
        state.accept(new LineEvent.Progress("/dev/ttyUSB1", "backup", "read", 300, 1000, 50, 125));
        state.accept(new LineEvent.PortDiagnosis("/dev/ttyUSB2", "boot-from-flash", "booted its firmware", "hold GPIO0 low while powering up"));
        state.accept(new LineEvent.DeviceFound("/dev/ttyUSB3", "ESP8266EX", "18:fe:34:00:00:03", "1MB"));
        state.accept(new LineEvent.DeviceDone("/dev/ttyUSB3", Samples.failed("/dev/ttyUSB3", "18:fe:34:00:00:03", "flash", "device gone", "check the cable")));
        return state.snapshot();
    }

    @Test
    void wideTerminalShowsEveryColumnAndEveryPort() {
        List<String> lines = TableRenderer.table(eightPorts(), 140).stream().map(AttributedString::toString).toList();
        assertEquals(12, lines.size(), "counters, header, eight ports, what to try under the two with a cause");
        assertTrue(lines.get(0).contains("1/8 done") && lines.get(0).contains("1 failed") && lines.get(0).contains("1 active"), lines.get(0));
        assertTrue(lines.get(1).contains("ADAPTER") && lines.get(1).contains("DEVICE") && lines.get(1).contains("ETA"));
        String backup = lines.get(3);
        assertTrue(backup.contains("backup 30 %") && backup.contains("18:fe:34:00:00:01") && backup.contains("1:15")
                && backup.contains("2:05"), backup);
        assertTrue(lines.get(2).contains("waiting for a device") && lines.get(2).contains("hold the button, power up"), lines.get(2));
        assertTrue(lines.get(4).contains("no answer") && lines.get(4).contains("boot-from-flash"), lines.get(4));
        assertTrue(lines.get(5).trim().equals("→ hold GPIO0 low while powering up"), lines.get(5));
        assertTrue(lines.get(6).contains("failed at flash") && lines.get(6).contains("flash: device gone"), lines.get(6));
        assertTrue(lines.get(7).trim().equals("→ check the cable"), lines.get(7));
        lines.forEach(l -> assertTrue(l.length() < 140, "no line wraps: " + l));
    }

    @Test
    void narrowTerminalDropsAdapterAndDeviceButKeepsStateAndNeverWraps() {
        List<String> lines = TableRenderer.table(eightPorts(), 80).stream().map(AttributedString::toString).toList();
        assertFalse(lines.get(1).contains("ADAPTER"));
        assertFalse(lines.get(1).contains("DEVICE"));
        assertTrue(lines.get(3).contains("backup 30 %"), lines.get(3));
        lines.forEach(l -> assertTrue(l.length() < 80, "no line wraps at 80 columns: " + l));
    }

    @Test
    void finishedDeviceLineSaysOutcomeAndCause() {
        String ok = TableRenderer.finished(Samples.provisioned("/dev/ttyUSB0", "18:fe:34:00:00:09", "kitchen", "10.0.0.9"), 200).toString();
        assertTrue(ok.startsWith("✔ provisioned") && ok.contains("kitchen") && ok.contains("10.0.0.9") && ok.contains("12.3 s"), ok);
        String bad = TableRenderer.finished(Samples.failed("/dev/ttyUSB1", "18:fe:34:00:00:0a", "verify", "MD5 differs", "flash again"), 200).toString();
        assertTrue(bad.startsWith("✘ failed") && bad.contains("at verify: MD5 differs — flash again"), bad);
    }
}

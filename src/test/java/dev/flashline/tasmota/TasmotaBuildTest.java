package dev.flashline.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TasmotaBuildTest {
    private static TasmotaBuild boot(String line) {
        ConsoleEvent event = ConsoleClassifier.classify(line);
        assertTrue(event instanceof ConsoleEvent.Booted, line + " -> " + event);
        return ((ConsoleEvent.Booted) event).build();
    }

    @Test
    void sixThreeWithTopicsInTheLine() {
        TasmotaBuild b = boot(DialectSamples.V630_BOOT);
        assertEquals("sonoff", b.project());
        assertEquals("Sonoff", b.deviceName());
        assertEquals("6.3.0", b.version());
        assertEquals("6.3.0(sonoff)", b.fullVersion());
        assertEquals("2_3_0", b.core());
        assertEquals("", b.buildDate());
    }

    @Test
    void sixSevenAndEightFive() {
        assertEquals("6.7.1(sonoff)", boot(DialectSamples.V671_BOOT).fullVersion());
        TasmotaBuild b = boot(DialectSamples.V851_BOOT);
        assertEquals("Kitchen Plug", b.deviceName());
        assertEquals("8.5.1", b.version());
        assertEquals("2_7_4_1", b.core());
    }

    @Test
    void fourPartVersionIsKeptWhole() {
        TasmotaBuild b = boot(DialectSamples.V9405_BOOT);
        assertEquals("9.4.0.5", b.version());
        assertEquals("9.4.0.5(tasmota)", b.fullVersion());
        assertEquals("2_7_4_9", b.core());
        assertEquals("2021-06-07T19:20:33", b.buildDate());
    }

    @Test
    void currentFormWithDashAndAnyDeviceName() {
        TasmotaBuild b = boot(DialectSamples.V1430_BOOT);
        assertEquals("tasmota", b.project());
        assertEquals("Hall Light", b.deviceName());
        assertEquals("14.3.0(release-tasmota)", b.fullVersion());
        assertEquals("Hall Light", boot("12:00:01.002 Project tasmota - Hall Light Version 15.0.1.3(tasmota)-2_7_8(2025-06-01T00:00:00)").deviceName());
        // A DeviceName containing the word "Version" still splits at the last one.
        TasmotaBuild odd = boot("00:00:00.061 Project tasmota - My Version 2 Plug Version 13.4.0(tasmota)-2_7_7(2024-02-02T00:00:00)");
        assertEquals("My Version 2 Plug", odd.deviceName());
        assertEquals("13.4.0", odd.version());
    }

    @Test
    void letterSuffixAndNoImage() {
        assertEquals("5.12.0a", boot("00:00:00 Project sonoff Sonoff Version 5.12.0a-2_4_0").version());
    }

    @Test
    void notABootLine() {
        assertTrue(TasmotaBuild.parse("Project tasmota").isEmpty());
        assertTrue(ConsoleClassifier.classify("00:00:00.001 APP: Version 9.4.0") instanceof ConsoleEvent.Other);
    }
}

package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.events.LineEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StationStateTest {
    final AtomicLong clock = new AtomicLong(1_000_000);
    final StationState state = new StationState(clock::get);

    @Test
    void aDeviceGoesFromWaitingThroughTheStepsToDoneAndThePortAsksForTheNext() throws Exception {
        state.accept(new LineEvent.BatchStarted("b1", "bench-1", List.of("/dev/ttyUSB0", "/dev/ttyUSB1"), 2));
        state.accept(new LineEvent.PortWaiting("/dev/ttyUSB0", "CP2102", "hold the button, power up the device"));
        PortRow waiting = state.snapshot().ports().get(0);
        assertEquals("waiting", waiting.state());
        assertEquals("hold the button, power up the device", waiting.instruction());

        state.accept(new LineEvent.DeviceFound("/dev/ttyUSB0", "ESP8266EX", "18:fe:34:00:00:01", "1MB"));
        state.accept(new LineEvent.StepStarted("/dev/ttyUSB0", "18:fe:34:00:00:01", "flash"));
        clock.addAndGet(4_000);
        state.accept(new LineEvent.Progress("/dev/ttyUSB0", "flash", "write", 420, 1000, 100, 6));
        PortRow flashing = state.snapshot().ports().get(0);
        assertEquals("flashing", flashing.state());
        assertEquals("flashing 42 %", flashing.label());
        assertEquals(42, flashing.progress());
        assertEquals(6, flashing.etaSeconds());
        assertEquals(4_000, flashing.elapsedMs());
        assertNull(flashing.instruction(), "a busy port needs nothing from the operator");
        assertEquals(1, state.snapshot().batch().active());

        assertEquals("flash", state.inFlight().get(0).failedStep(), "a report written on Ctrl-C names the step");
        assertEquals("interrupted", state.inFlight().get(0).status());
        state.accept(new LineEvent.StepStarted("/dev/ttyUSB0", "18:fe:34:00:00:01", "mqtt-online"));
        assertEquals("waiting for MQTT", state.snapshot().ports().get(0).label());

        state.accept(new LineEvent.DeviceDone("/dev/ttyUSB0", Samples.provisioned("/dev/ttyUSB0", "18:fe:34:00:00:01", "kitchen", "192.168.4.20")));
        StationSnapshot s = state.snapshot();
        assertEquals("done", s.ports().get(0).state());
        assertEquals("192.168.4.20", s.ports().get(0).ip());
        assertEquals("swap in the next device", s.ports().get(0).instruction());
        assertEquals(1, s.batch().provisioned());
        assertEquals(0, s.batch().active());
        assertEquals(1, s.recent().size());
        assertTrue(state.inFlight().isEmpty());
        clock.addAndGet(60_000);
        assertEquals(4_000, state.snapshot().ports().get(0).elapsedMs(), "a finished device's time stops");

        JsonNode json = EventJson.JSON.valueToTree(s);
        JsonNode port = json.get("ports").get(0);
        for (String field : List.of("port", "state", "mac", "step", "progress")) {
            assertTrue(port.has(field), "contract field " + field);
        }
        assertEquals("bench-1", json.get("batch").get("station").asText());
    }

    @Test
    void aDoctorCauseShowsOnAnIdlePortAndAFailureKeepsItsCauseAndHint() {
        state.accept(new LineEvent.BatchStarted("b1", "s", List.of("p"), 0));
        state.accept(new LineEvent.PortDiagnosis("p", "no-data", "nothing received", "check wiring"));
        assertEquals("waiting", state.snapshot().ports().get(0).state(), "an empty port is simply waiting");
        state.accept(new LineEvent.PortDiagnosis("p", "boot-from-flash", "the ROM booted from flash", "hold GPIO0 low while powering up"));
        PortRow trouble = state.snapshot().ports().get(0);
        assertEquals("trouble", trouble.state());
        assertTrue(trouble.cause().startsWith("boot-from-flash"));
        assertEquals("hold GPIO0 low while powering up", trouble.hint());

        state.accept(new LineEvent.DeviceFound("p", "ESP8266EX", "aa:bb:cc:dd:ee:ff", "1MB"));
        assertNull(state.snapshot().ports().get(0).cause(), "a new device starts clean");
        state.accept(new LineEvent.StepStarted("p", "aa:bb:cc:dd:ee:ff", "verify"));
        state.accept(new LineEvent.StepFailed("p", "verify", "MD5 differs", "flash it again", null));
        state.accept(new LineEvent.DeviceDone("p", Samples.failed("p", "aa:bb:cc:dd:ee:ff", "verify", "MD5 differs", "flash it again")));
        PortRow failed = state.snapshot().ports().get(0);
        assertEquals("failed", failed.state());
        assertEquals("verify", failed.step());
        assertEquals("verify: MD5 differs", failed.cause());
        assertEquals(1, state.snapshot().batch().failed());
    }
}

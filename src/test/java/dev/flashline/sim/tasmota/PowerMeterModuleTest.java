package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.sim.VirtualFlash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Sonoff Pow R2 module as Tasmota runs it: the CSE7766 takes the serial port; calibration only with a meter. */
class PowerMeterModuleTest {
    private static final SimulatedNetwork NETWORK = new SimulatedNetwork("flashline-lab", "Wifi-Pass-1");
    private static final String MAC = "18:fe:34:1a:2b:3c";

    @Test
    void calibrationCommandsAreUnknownWithoutAPowerMeter() throws Exception {
        ReceivedCommands received = new ReceivedCommands();
        try (ConsoleHarness device = boot(SimulatedTasmotaConsoleTest.flashWithDemo(), received)) {
            device.await("Project tasmota");
            device.type("PowerSet 60");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Command\":\"Unknown\"}"));
        }
        assertEquals(List.of(new ReceivedCommands.Command(ReceivedCommands.Source.CONSOLE, "POWERSET 60")), received.all());
    }

    @Test
    void powR2ModuleTakesTheConsoleAfterItsRestart() throws Exception {
        VirtualFlash flash = SimulatedTasmotaConsoleTest.flashWithDemo();
        ReceivedCommands received = new ReceivedCommands();
        try (ConsoleHarness device = boot(flash, received)) {
            device.await("Project tasmota");
            device.type("Backlog Password1 Wifi-Pass-1; Module 43");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Password1\":\"****\"}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Module\":{\"43\":\"Sonoff Pow R2\"}}"));
            device.await("APP: Restarting");
            device.await("HDW: ESP8266EX");
            device.await("QPC: Count 1");
            device.type("Status");
            device.type("Module 1");
            Thread.sleep(500); // time for the firmware to take (and drop) both lines
            List<String> lines = device.lines();
            int lastBoot = lines.lastIndexOf(lines.stream().filter(l -> l.contains("HDW: ESP8266EX")).reduce((a, b) -> b).orElseThrow());
            List<String> afterRestart = lines.subList(lastBoot, lines.size());
            assertEquals(3, afterRestart.size(), "HDW, CFG, QPC, then nothing more on the serial port: " + afterRestart);
        }
        assertEquals(43, SettingsStore.load(flash).orElseThrow().module, "the typed Module 1 went to the power meter, not to Tasmota");
        List<ReceivedCommands.Command> all = received.all();
        assertEquals("PASSWORD1 ****", all.get(0).text(), "secrets are masked in the record");
        assertEquals("MODULE 43", all.get(1).text());
        assertEquals(2, all.size(), "nothing typed after the restart reached Tasmota: " + all);
        assertFalse(all.toString().contains("Wifi-Pass-1"));
    }

    private static ConsoleHarness boot(VirtualFlash flash, ReceivedCommands received) {
        return new ConsoleHarness(flash, new TasmotaFirmwareSelector(NETWORK, MAC, new TestFirmware(), received)).start();
    }
}

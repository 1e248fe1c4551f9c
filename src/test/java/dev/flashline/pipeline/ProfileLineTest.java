package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.cli.VirtualStation;
import dev.flashline.errors.FlashlineException;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.ReceivedCommands;
import dev.flashline.sim.tasmota.SettingsStore;
import dev.flashline.sim.tasmota.TasmotaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device profiles on the line: per batch and per row, a mismatching device, the POW R2's order, start-up checks. */
class ProfileLineTest {
    @TempDir
    Path tmp;

    private static String mac(int index) {
        return HexFormat.ofDelimiter(":").formatHex(VirtualDeviceConfig.defaultMac(index));
    }

    @Test
    void batchProfileAndRowProfilesSetModuleCommandsAndBuild() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.remove("flashline.backlog"); // only the profiles send PowerOnState / LedState here
        line.properties.put("flashline.profile", "sonoff-basic");
        line.properties.put("flashline.default-module", "18"); // a profile wins over the default module
        Files.writeString(line.config.resolve("profiles.local.yaml"), """
                profiles:
                  - id: bench-rf
                    name: Bench RF (demo build)
                    module: 2
                    chip: esp8266
                    flash: 1MB
                    firmware: tasmota-demo
                    commands: [LedState 2]
                """);
        Files.writeString(line.config.resolve("devices.csv"), "mac,name,module,profile\n"
                + mac(1) + ",RF one,,bench-rf\n"
                + mac(2) + ",Basic with S2X module,8,sonoff-basic\n");
        try (ProvisioningLine.Outcome outcome = line.run(3, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            TasmotaSettings batch = settings(line, 0);
            TasmotaSettings rf = settings(line, 1);
            TasmotaSettings rowModule = settings(line, 2);
            assertEquals(1, batch.module, "sonoff-basic sets module 1 over flashline.default-module");
            assertEquals(3, batch.numbers.get("PowerOnState"), "the profile's commands were sent");
            assertEquals(2, rf.module, "the row's profile (from profiles.local.yaml)");
            assertEquals(2, rf.numbers.get("LedState"));
            assertFalse(rf.numbers.containsKey("PowerOnState"), "the batch profile's commands are not the row profile's");
            assertEquals(8, rowModule.module, "the row's module wins over its profile's");

            List<JsonNode> records = new AuditLog(line.data).readAllJson();
            assertEquals("sonoff-basic", ProvisioningLineTest.recordFor(records, mac(0)).get("profile").asText());
            assertEquals("bench-rf", ProvisioningLineTest.recordFor(records, mac(1)).get("profile").asText());
            assertEquals("sonoff-basic", ProvisioningLineTest.recordFor(records, mac(2)).get("profile").asText());
            for (JsonNode r : records) {
                assertEquals("tasmota-demo", r.get("firmware").get("name").asText(), r.toString());
                assertTrue(r.get("steps").toString().contains("\"profile\""), r.toString());
            }
            assertTrue(line.consoleText().contains("Profile 'sonoff-basic' prefers 'tasmota'"), line.consoleText());
            assertTrue(line.consoleText().matches("(?s).*" + mac(1) + "\\s+bench-rf\\s+provisioned.*"), line.consoleText());
        }
    }

    @Test
    void deviceThatIsNotTheProfilesModelFailsBeforeTheFlashIsTouched() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.profile", "sonoff-basic-r2"); // expects an ESP8285; the virtual device is an ESP8266EX
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertFalse(outcome.allProvisioned());
            JsonNode r = new AuditLog(line.data).readAllJson().get(0);
            assertEquals("failed", r.get("status").asText());
            assertEquals("profile", r.get("failedStep").asText());
            assertEquals("sonoff-basic-r2", r.get("profile").asText());
            String message = r.get("error").get("message").asText();
            assertTrue(message.contains("ESP8266EX") && message.contains("ESP8285") && message.contains("nothing was written"), message);
            assertTrue(r.get("error").get("hint").asText().contains("profile"), r.toString());
            assertFalse(r.hasNonNull("backup"), "no backup was taken: " + r);
            VirtualDevice device = line.devices().get(0);
            assertArrayEquals(VirtualStation.factoryFlash(0), device.flash().snapshot(),
                    "the virtual flash still holds its stock content");
            assertTrue(SettingsStore.load(device.flash()).isEmpty(), "Tasmota never ran");
        }
    }

    @Test
    void powR2GetsItsModuleLastOverMqttAfterAllConsoleWorkThenCalibration() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.profile", "sonoff-pow-r2");
        line.properties.put("flashline.calibration.power", "60");
        line.properties.put("flashline.calibration.voltage", "230");
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
            List<ReceivedCommands.Command> got = line.station().receivedCommands().get(0).all();
            int module = indexOf(got, "MODULE");
            assertTrue(module > 0, "Module was sent: " + got);
            assertEquals("MODULE 43", got.get(module).text());
            assertEquals(ReceivedCommands.Source.MQTT, got.get(module).source(), "over MQTT, once online");
            int lastConsole = -1;
            for (int i = 0; i < got.size(); i++) {
                if (got.get(i).source() == ReceivedCommands.Source.CONSOLE) {
                    lastConsole = i;
                }
            }
            assertTrue(lastConsole >= 0 && lastConsole < module, "every console command before Module 43: " + got);
            assertTrue(indexOf(got, "SSID") < module && indexOf(got, "MQTTHOST") < module, got.toString());
            assertTrue(indexOf(got, "TELEPERIOD") < module, "the profile's commands go before the module: " + got);
            int power = indexOf(got, "POWERSET");
            int voltage = indexOf(got, "VOLTAGESET");
            assertTrue(power > module && voltage > module, "calibration after the module is active: " + got);
            assertEquals("POWERSET 60", got.get(power).text());
            assertEquals("VOLTAGESET 230", got.get(voltage).text());
            assertEquals(-1, indexOf(got, "CURRENTSET"), "no current reference configured, no CurrentSet");

            TasmotaSettings s = settings(line, 0);
            assertEquals(43, s.module);
            assertNotEquals(null, s.numbers.get("PowerCal"), "the power meter took the calibration");
            JsonNode r = new AuditLog(line.data).readAllJson().get(0);
            assertEquals("sonoff-pow-r2", r.get("profile").asText());
            assertTrue(r.get("steps").toString().contains("\"calibration\""), r.toString());
        }
    }

    @Test
    void unknownProfileStopsTheLineBeforeAnyDevice() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.profile", "sonoff-basik");
        FlashlineException e = assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("flashline.profile names profile 'sonoff-basik'"), e.getMessage());
        assertTrue(e.hint().contains("sonoff-basic"), e.hint());
        assertTrue(line.station().devices().isEmpty(), "no virtual device was started");

        line.properties.remove("flashline.profile");
        Files.writeString(line.config.resolve("devices.csv"), "mac,profile\n" + mac(0) + ",sonoff-nope\n");
        FlashlineException row = assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertTrue(row.getMessage().contains("devices.csv:2: the row of " + mac(0) + " names profile 'sonoff-nope'"), row.getMessage());
        assertTrue(line.station().devices().isEmpty());
    }

    @Test
    void calibrationValueThatIsNotANumberStopsTheLineAtStart() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.profile", "sonoff-pow-r2");
        line.properties.put("flashline.calibration.power", "sixty");
        FlashlineException e = assertThrows(FlashlineException.class, () -> line.run(1, null));
        assertTrue(e.getMessage().contains("flashline.calibration.power"), e.getMessage());
        assertTrue(line.station().devices().isEmpty());
    }

    private static int indexOf(List<ReceivedCommands.Command> commands, String name) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static TasmotaSettings settings(LineFixture line, int index) {
        return SettingsStore.load(line.devices().get(index).flash()).orElseThrow();
    }
}

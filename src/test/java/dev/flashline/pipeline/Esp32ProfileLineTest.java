package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.sim.Chip;
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

/**
 * A mixed drawer with the ESP32-family profiles in devices.csv: each device gets its chip's build,
 * its profile's template as module 0 over MQTT, and a device whose chip is not its profile's stops
 * at step "profile" before anything is read or written.
 */
class Esp32ProfileLineTest {
    @TempDir
    Path tmp;

    private static String mac(int index) {
        return HexFormat.ofDelimiter(":").formatHex(VirtualDeviceConfig.defaultMac(index));
    }

    @Test
    void mixedBatchWithEsp32ProfilesGetsTemplatesAndRefusesTheWrongChip() throws Exception {
        LineFixture line = new LineFixture(tmp);
        line.properties.remove("flashline.backlog"); // only the profiles send PowerOnState here
        line.chips = List.of(Chip.ESP8266EX, Chip.ESP32, Chip.ESP32C3, Chip.ESP32);
        Files.writeString(line.config.resolve("devices.csv"), "mac,name,profile\n"
                + mac(0) + ",Hall basic,sonoff-basic\n"
                + mac(1) + ",Hall mini,sonoff-mini-r4\n"
                + mac(2) + ",Porch basic,sonoff-basic-r4\n"
                + mac(3) + ",Not a C3,sonoff-basic-r4\n"); // an ESP32 in the drawer labelled as a Basic R4
        try (ProvisioningLine.Outcome outcome = line.run(4, null)) {
            assertFalse(outcome.allProvisioned(), "the mislabelled device fails");
            List<JsonNode> records = new AuditLog(line.data).readAllJson();
            assertEquals(4, records.size(), line.consoleText());

            JsonNode basic = ProvisioningLineTest.recordFor(records, mac(0));
            JsonNode mini = ProvisioningLineTest.recordFor(records, mac(1));
            JsonNode r4 = ProvisioningLineTest.recordFor(records, mac(2));
            JsonNode wrong = ProvisioningLineTest.recordFor(records, mac(3));
            assertEquals("provisioned", basic.get("status").asText(), basic.toString());
            assertEquals("provisioned", mini.get("status").asText(), mini + "\n" + line.consoleText());
            assertEquals("provisioned", r4.get("status").asText(), r4.toString());
            assertEquals("sonoff-basic", basic.get("profile").asText());
            assertEquals("sonoff-mini-r4", mini.get("profile").asText());
            assertEquals("sonoff-basic-r4", r4.get("profile").asText());
            assertEquals("ESP32", mini.get("chip").asText());
            assertEquals("ESP32-C3", r4.get("chip").asText());
            // simulated devices boot only demo builds: each chip its own
            assertEquals("tasmota-demo", basic.get("firmware").get("name").asText());
            assertEquals("tasmota32-demo", mini.get("firmware").get("name").asText());
            assertEquals("tasmota32c3-demo", r4.get("firmware").get("name").asText());
            assertTrue(mini.get("verify").get("ok").asBoolean() && r4.get("verify").get("ok").asBoolean());

            assertTemplateSentOverMqtt(line, 1, "Sonoff MINIR4");
            assertTemplateSentOverMqtt(line, 2, "Sonoff Basic R4");
            TasmotaSettings esp8266 = settings(line, 0);
            assertEquals(1, esp8266.module, "the ESP8266 profile keeps its module number");

            assertEquals("failed", wrong.get("status").asText(), wrong.toString());
            assertEquals("profile", wrong.get("failedStep").asText());
            assertEquals("sonoff-basic-r4", wrong.get("profile").asText());
            String message = wrong.get("error").get("message").asText();
            assertTrue(message.contains("is an ESP32 with 4MB flash, but profile 'sonoff-basic-r4'")
                    && message.contains("expects an ESP32-C3 with 4MB; nothing was written"), message);
            assertFalse(wrong.hasNonNull("backup"), "no backup was taken: " + wrong);
            assertTrue(SettingsStore.load(line.devices().get(3).flash()).isEmpty(), "Tasmota32 never ran on it");
            assertTrue(line.station().receivedCommands().get(3).all().isEmpty(), "it was told nothing");
        }
    }

    private static void assertTemplateSentOverMqtt(LineFixture line, int index, String templateName) {
        List<ReceivedCommands.Command> got = line.station().receivedCommands().get(index).all();
        ReceivedCommands.Command module = find(got, "MODULE");
        ReceivedCommands.Command template = find(got, "TEMPLATE");
        assertTrue(module != null && template != null, "Module and Template were sent: " + got);
        assertEquals("0", module.text().substring(module.text().indexOf(' ') + 1).trim(), module.text());
        assertEquals(ReceivedCommands.Source.MQTT, template.source(), "over MQTT, once online: " + got);
        assertTrue(template.text().contains("\"NAME\":\"" + templateName + "\""), template.text());
        assertTrue(find(got, "POWERONSTATE") != null, "the profile's commands: " + got);
        TasmotaSettings s = settings(line, index);
        assertEquals(0, s.module, "module 0 runs the template");
        assertTrue(s.template.contains("\"NAME\":\"" + templateName + "\""), s.template);
        assertEquals(3, s.numbers.get("PowerOnState"));
    }

    private static ReceivedCommands.Command find(List<ReceivedCommands.Command> commands, String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    private static TasmotaSettings settings(LineFixture line, int index) {
        return SettingsStore.load(line.devices().get(index).flash()).orElseThrow();
    }
}

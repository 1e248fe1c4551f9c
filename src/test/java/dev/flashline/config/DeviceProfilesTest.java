package dev.flashline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceProfilesTest {
    @TempDir
    Path dir;

    @Test
    void theShippedProfilesCarryTasmotasModuleNumbers() {
        DeviceProfiles p = DeviceProfiles.load(Path.of("config"));
        Map<String, Integer> modules = Map.ofEntries(Map.entry("sonoff-basic", 1), Map.entry("sonoff-basic-r2", 1),
                Map.entry("sonoff-rf", 2), Map.entry("sonoff-rf-r2", 2), Map.entry("sonoff-rf-bridge", 25),
                Map.entry("sonoff-mini", 1), Map.entry("sonoff-s20", 8), Map.entry("sonoff-s26", 8), Map.entry("sonoff-th", 4),
                Map.entry("sonoff-dual-r2", 39), Map.entry("sonoff-4ch", 7), Map.entry("sonoff-4ch-pro", 23),
                Map.entry("sonoff-pow", 6), Map.entry("sonoff-pow-r2", 43), Map.entry("sonoff-t1-1ch", 28),
                Map.entry("sonoff-t1-2ch", 29), Map.entry("sonoff-t1-3ch", 30));
        modules.forEach((id, module) -> assertEquals(module, p.find(id).orElseThrow(() -> new AssertionError(id)).module(), id));
        DeviceProfile powR2 = p.find("sonoff-pow-r2").orElseThrow();
        assertTrue(powR2.serialTakenByModule());
        assertEquals(List.of("PowerSet", "VoltageSet", "CurrentSet"), powR2.calibration());
        assertEquals("esp8285", p.find("sonoff-basic-r2").orElseThrow().chip());
        assertEquals(1 << 20, p.find("sonoff-basic-r2").orElseThrow().flashBytes());
    }

    @Test
    void aDeviceThatIsNotWhatTheProfileSaysFailsClearlyBeforeWriting() {
        DeviceProfile r2 = DeviceProfiles.load(Path.of("config")).find("sonoff-basic-r2").orElseThrow();
        r2.check("5c:cf:7f:00:00:01", "ESP8285", 1 << 20);
        FlashlineException chip = assertThrows(FlashlineException.class, () -> r2.check("5c:cf:7f:00:00:01", "ESP8266EX", 1 << 20));
        assertTrue(chip.getMessage().contains("is an ESP8266EX with 1MB flash, but profile 'sonoff-basic-r2' (Sonoff Basic R2) "
                + "expects an ESP8285 with 1MB; nothing was written"), chip.getMessage());
        FlashlineException flash = assertThrows(FlashlineException.class, () -> r2.check("5c:cf:7f:00:00:01", "ESP8285", 4 << 20));
        assertTrue(flash.getMessage().contains("4MB"), flash.getMessage());
        assertTrue(flash.hint().contains("profile"), flash.hint());
    }

    @Test
    void theEsp32FamilySonoffsRunTasmota32WithTheirDocumentedTemplates() {
        DeviceProfiles p = DeviceProfiles.load(Path.of("config"));
        Map<String, String> chips = Map.of("sonoff-mini-r4", "esp32", "sonoff-basic-r4", "esp32c3", "sonoff-dual-r3", "esp32",
                "sonoff-pow-origin", "esp32", "sonoff-pow-elite-16a", "esp32", "sonoff-pow-elite-20a", "esp32",
                "sonoff-nspanel", "esp32");
        chips.forEach((id, chip) -> {
            DeviceProfile profile = p.find(id).orElseThrow(() -> new AssertionError(id));
            assertEquals(chip, profile.chip(), id);
            assertEquals(4 << 20, profile.flashBytes(), id);
            assertEquals(0, profile.module(), id + ": a template runs as module 0");
            assertEquals(chip.equals("esp32") ? "tasmota32" : "tasmota32c3", profile.firmware(), id);
            assertTrue(profile.template().startsWith("{\"NAME\":") && profile.template().contains("\"BASE\":1"), profile.template());
            assertFalse(profile.serialTakenByModule(), id + ": the ESP32's console (GPIO1/3) stays free");
        });
        // Basic R4: relay GPIO4, LedLink GPIO6, button GPIO9, as Tasmota's template for it
        assertEquals("{\"NAME\":\"Sonoff Basic R4\",\"GPIO\":[0,0,0,0,224,0,544,0,0,32,0,0,0,0,0,0,0,0,0,0,0,0],\"FLAG\":0,\"BASE\":1}",
                p.find("sonoff-basic-r4").orElseThrow().template());
        assertEquals(null, p.find("sonoff-basic").orElseThrow().template(), "ESP8266 models keep their module numbers");
    }

    @Test
    void anEsp32ProfileTakesOnlyTheChipItIsFor() {
        DeviceProfiles p = DeviceProfiles.load(Path.of("config"));
        DeviceProfile miniR4 = p.find("sonoff-mini-r4").orElseThrow();
        DeviceProfile basicR4 = p.find("sonoff-basic-r4").orElseThrow();
        miniR4.check("24:0a:c4:00:00:01", "ESP32", 4 << 20);
        basicR4.check("84:f7:03:00:00:01", "ESP32-C3", 4 << 20);
        FlashlineException c3 = assertThrows(FlashlineException.class, () -> miniR4.check("84:f7:03:00:00:01", "ESP32-C3", 4 << 20));
        assertTrue(c3.getMessage().contains("is an ESP32-C3 with 4MB flash, but profile 'sonoff-mini-r4' (Sonoff MINIR4 (MINI Extreme)) "
                + "expects an ESP32 with 4MB; nothing was written"), c3.getMessage());
        assertTrue(c3.hint().contains("A profile for ESP32 devices cannot be used for an ESP32-C3"), c3.hint());
        FlashlineException esp32 = assertThrows(FlashlineException.class, () -> basicR4.check("24:0a:c4:00:00:01", "ESP32", 4 << 20));
        assertTrue(esp32.getMessage().contains("expects an ESP32-C3 with 4MB"), esp32.getMessage());
        assertThrows(FlashlineException.class, () -> basicR4.check("5c:cf:7f:00:00:01", "ESP8285", 1 << 20));
        assertThrows(FlashlineException.class, () -> p.find("sonoff-basic").orElseThrow().check("24:0a:c4:00:00:01", "ESP32", 4 << 20));
    }

    @Test
    void usersExtendAndReplaceProfilesInTheirOwnFile() throws Exception {
        Files.copy(Path.of("config/profiles.yaml"), dir.resolve("profiles.yaml"));
        Files.writeString(dir.resolve("profiles.local.yaml"), """
                profiles:
                  - id: sonoff-basic
                    name: Sonoff Basic, our variant
                    module: 1
                    chip: esp8266
                    flash: 4MB
                    firmware: tasmota
                  - id: shelly-1
                    name: Shelly 1
                    module: 46
                    chip: esp8266
                    flash: 2MB
                    firmware: tasmota
                    commands: [SetOption19 1]
                """);
        DeviceProfiles p = DeviceProfiles.load(dir);
        assertEquals(4 << 20, p.find("sonoff-basic").orElseThrow().flashBytes());
        assertEquals(List.of("SetOption19 1"), p.find("shelly-1").orElseThrow().commands());
        assertEquals(43, p.find("sonoff-pow-r2").orElseThrow().module());
    }

    @Test
    void badProfilesNameTheFileTheProfileAndTheFix() throws Exception {
        String[][] cases = {
                {"module: one", "has module 'one'"},
                {"module: 1\n    chip: esp32s3", "has chip 'esp32s3'"},
                {"module: 1\n    chip: esp32\n    flash: 4MB\n    firmware: tasmota32\n    template: '{\"NAME\":\"X\",\"GPIO\":[0],\"FLAG\":0,\"BASE\":1}'",
                        "has a template and module 1"},
                {"module: 0\n    chip: esp32\n    flash: 4MB\n    firmware: tasmota32\n    template: '{NAME: X}'", "template that is not a JSON object"},
                {"module: 0\n    chip: esp32\n    flash: 4MB\n    firmware: tasmota32\n    template: '{\"NAME\":\"X\",\"GPIO\":[\"a\"],\"BASE\":1}'",
                        "template without NAME, a GPIO list of numbers or BASE"},
                {"module: 1\n    chip: esp8266\n    flash: lots", "has flash 'lots'"},
                {"module: 1\n    chip: esp8266\n    flash: 1MB\n    firmware: tasmota\n    calibration: [EnergyReset]", "calibration 'EnergyReset'"},
                {"module: 1\n    chip: esp8266\n    flash: 1MB\n    firmware: tasmota\n    modul: 2", "unknown key 'modul'"},
        };
        for (String[] c : cases) {
            Files.writeString(dir.resolve("profiles.yaml"), "profiles:\n  - id: x\n    " + c[0] + "\n");
            FlashlineException e = assertThrows(FlashlineException.class, () -> DeviceProfiles.load(dir), c[0]);
            assertTrue(e.getMessage().contains("profile 'x'") && e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void batchAndRowProfilesResolveAndUnknownOnesFailAtStart() throws Exception {
        Path csv = dir.resolve("devices.csv");
        Files.writeString(csv, "mac,name,profile\n5c:cf:7f:00:00:01,Kitchen,sonoff-pow-r2\n5c:cf:7f:00:00:02,Hall,\n");
        DeviceManifest manifest = DeviceManifest.load(csv);
        ProvisioningSettings batch = ProvisioningSettings.from(Map.of("flashline.profile", "sonoff-basic"), Map.of(), true);
        DeviceProfiles p = DeviceProfiles.load(Path.of("config"));
        p.checkReferences(manifest, batch);
        assertEquals("sonoff-pow-r2", p.forDevice("5C:CF:7F:00:00:01", manifest, batch).orElseThrow().id());
        assertEquals("sonoff-basic", p.forDevice("5c:cf:7f:00:00:02", manifest, batch).orElseThrow().id());
        assertFalse(p.forDevice("5c:cf:7f:00:00:02", manifest, ProvisioningSettings.from(Map.of(), Map.of(), true)).isPresent());

        ProvisioningSettings typo = ProvisioningSettings.from(Map.of("flashline.profile", "sonoff-basci"), Map.of(), true);
        FlashlineException e = assertThrows(FlashlineException.class, () -> p.checkReferences(manifest, typo));
        assertTrue(e.getMessage().contains("flashline.profile names profile 'sonoff-basci'") && e.hint().contains("sonoff-basic"),
                e.getMessage());
    }

    @Test
    void calibrationRunsOnlyWhatIsConfiguredWithPositiveValues() {
        DeviceProfile powR2 = DeviceProfiles.load(Path.of("config")).find("sonoff-pow-r2").orElseThrow();
        assertEquals(List.of("PowerSet 60.0", "VoltageSet 230"), DeviceProfiles.calibrationCommands(powR2,
                Map.of("flashline.calibration.power", "60.0", "flashline.calibration.voltage", "230")));
        assertEquals(List.of(), DeviceProfiles.calibrationCommands(DeviceProfiles.load(Path.of("config")).find("sonoff-basic").orElseThrow(),
                Map.of("flashline.calibration.power", "60")));
        assertThrows(FlashlineException.class, () -> DeviceProfiles.calibrationCommands(powR2, Map.of("flashline.calibration.current", "-3")));
    }
}

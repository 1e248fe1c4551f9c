package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceProfile;
import dev.flashline.config.DeviceProfiles;
import dev.flashline.config.DeviceSettings;
import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up checks of profiles and their builds, and how a profile shapes a device's commands. */
class ProfileCheckTest {
    private static final String MAC = "18:fe:34:00:00:01";

    @TempDir
    Path tmp;
    private FirmwareCatalog catalog;
    private DeviceProfiles profiles;
    private final Map<String, String> config = new HashMap<>();

    @BeforeEach
    void station() throws Exception {
        Path catalogFile = tmp.resolve("catalog.yaml");
        String sha = "ab".repeat(32);
        Files.writeString(catalogFile, "firmware:\n"
                + "  - {name: tasmota-demo, version: '1', chip: any, minFlash: 1MB, url: 'demo:1', default: true}\n"
                + "  - {name: pinned, version: '1', chip: esp8266, minFlash: 1MB, file: fw.bin, sha256: " + sha + "}\n"
                + "  - {name: unpinned, version: '1', chip: esp8266, minFlash: 1MB, url: 'https://example.invalid/fw.bin'}\n"
                + "  - {name: big, version: '1', chip: esp8266, minFlash: 4MB, file: big.bin, sha256: " + sha + "}\n"
                + "  - {name: t32c3, version: '1', chip: esp32c3, minFlash: 4MB, file: c3.bin, sha256: " + sha + "}\n");
        catalog = FirmwareCatalog.load(catalogFile);
        Path configDir = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(configDir.resolve("profiles.local.yaml"), """
                profiles:
                  - {id: p-pinned, module: 1, chip: esp8266, flash: 1MB, firmware: pinned}
                  - {id: p-unpinned, module: 1, chip: esp8266, flash: 1MB, firmware: unpinned}
                  - {id: p-big, module: 1, chip: esp8266, flash: 1MB, firmware: big}
                  - {id: p-c3-on-8266-build, module: 0, chip: esp32c3, flash: 4MB, firmware: pinned}
                  - {id: p-c3, module: 0, chip: esp32c3, flash: 4MB, firmware: t32c3}
                """);
        profiles = DeviceProfiles.load(configDir);
        config.put("flashline.wifi.ssid", "lab");
        config.put("flashline.wifi.password", "wifi-pass-123");
        config.put("flashline.mqtt.host", "127.0.0.1");
    }

    private List<String> check(DeviceManifest manifest, boolean simulate) {
        ProvisioningSettings settings = ProvisioningSettings.from(config, Map.of(), simulate);
        return ProfileCheck.atStart(profiles, manifest, settings, catalog, config, simulate);
    }

    private DeviceManifest rows(String csv) throws Exception {
        Path file = tmp.resolve("devices.csv");
        Files.writeString(file, csv);
        return DeviceManifest.load(file);
    }

    @Test
    void realStationTakesTheBatchProfilesPinnedBuildInsteadOfFlashlineFirmware() {
        config.put("flashline.profile", "p-pinned");
        assertEquals(List.of(), check(DeviceManifest.empty(), false));
    }

    @Test
    void realStationRefusesAProfileBuildThatIsNotPinned() {
        config.put("flashline.profile", "p-unpinned");
        FlashlineException e = assertThrows(FlashlineException.class, () -> check(DeviceManifest.empty(), false));
        assertTrue(e.getMessage().contains("'unpinned' is not pinned"), e.getMessage());
    }

    @Test
    void realStationWithoutProfileOrFirmwareStillNeedsFlashlineFirmware() throws Exception {
        DeviceManifest manifest = rows("mac,profile\n" + MAC + ",p-pinned\n");
        FlashlineException e = assertThrows(FlashlineException.class, () -> check(manifest, false));
        assertTrue(e.getMessage().contains("flashline.firmware is not set"), e.getMessage());
    }

    @Test
    void rowProfilesBuildMustBePinnedUnlessFlashlineFirmwareWins() throws Exception {
        DeviceManifest manifest = rows("mac,profile\n" + MAC + ",p-unpinned\n");
        config.put("flashline.profile", "p-pinned");
        assertThrows(FlashlineException.class, () -> check(manifest, false));
        config.put("flashline.firmware", "pinned");
        assertEquals(List.of(), check(manifest, false));
    }

    @Test
    void aProfileWhoseBuildDoesNotFitItsFlashIsBadInputEvenSimulated() {
        config.put("flashline.profile", "p-big");
        FlashlineException e = assertThrows(FlashlineException.class, () -> check(DeviceManifest.empty(), true));
        assertTrue(e.getMessage().contains("Profile 'p-big' prefers firmware 'big'") && e.getMessage().contains("4MB"), e.getMessage());
    }

    @Test
    void anEsp32c3ProfileThatPrefersAnEsp8266BuildIsBadInputAtStart() {
        config.put("flashline.profile", "p-c3-on-8266-build");
        FlashlineException e = assertThrows(FlashlineException.class, () -> check(DeviceManifest.empty(), true));
        assertTrue(e.getMessage().contains("Profile 'p-c3-on-8266-build' prefers firmware 'pinned', built for esp8266")
                && e.getMessage().contains("the profile is an esp32c3"), e.getMessage());
        config.put("flashline.profile", "p-c3");
        assertEquals(List.of(), check(DeviceManifest.empty(), false), "the C3's own pinned build passes");
    }

    @Test
    void aRealMixedStationNamesOneBuildPerChipAndTheEsp32OnesMustBeFactoryImages() throws Exception {
        config.put("flashline.firmware", "pinned, t32c3");
        Files.write(tmp.resolve("c3.bin"), dev.flashline.catalog.TestTasmota32Images.factory(dev.flashline.sim.Chip.ESP32C3, "1.0.0",
                64 * 1024));
        assertEquals(List.of(), check(DeviceManifest.empty(), false), "each build of the list is real and pinned");
        Files.write(tmp.resolve("c3.bin"), dev.flashline.catalog.TestTasmota32Images.app(dev.flashline.sim.Chip.ESP32C3, "1.0.0",
                64 * 1024));
        FlashlineException app = assertThrows(FlashlineException.class, () -> check(DeviceManifest.empty(), false));
        assertTrue(app.getMessage().contains("'t32c3' is pinned with an app-only image"), app.getMessage());
        assertTrue(app.hint().contains("tasmota32c3.factory.bin"), app.hint());
        config.put("flashline.firmware", "pinned, unpinned");
        FlashlineException unpinned = assertThrows(FlashlineException.class, () -> check(DeviceManifest.empty(), false));
        assertTrue(unpinned.getMessage().contains("'unpinned' is not pinned"), unpinned.getMessage());
    }

    @Test
    void anEsp32ProfileGivesModule0AndItsTemplateUnlessTheRowSaysOtherwise() throws Exception {
        DeviceProfile miniR4 = DeviceProfiles.load(Path.of("config")).find("sonoff-mini-r4").orElseThrow();
        DeviceManifest manifest = rows("mac,name,module\n" + MAC + ",Hall,\n18:fe:34:00:00:02,Stairs,1\n");
        DeviceSettings device = ProfileCommands.settings(manifest, MAC, "18", miniR4);
        assertEquals("0", device.module());
        assertEquals(miniR4.template(), device.template());
        assertEquals(List.of("FriendlyName1 Hall", "Module 0", "Template " + miniR4.template(), "PowerOnState 3"),
                ProfileCommands.mqttBacklog(device, miniR4, List.of()));
        DeviceSettings rowModule = ProfileCommands.settings(manifest, "18:fe:34:00:00:02", "18", miniR4);
        assertEquals("1", rowModule.module(), "the row's module wins");
        assertNull(rowModule.template(), "and the profile's template is not sent with it");
    }

    @Test
    void simulatedDevicesGetTheDemoBuildAndTheOperatorIsTold() {
        config.put("flashline.profile", "p-pinned");
        List<String> notes = check(DeviceManifest.empty(), true);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("Profile 'p-pinned' prefers 'pinned'"), notes.get(0));
        DeviceProfile p = profiles.find("p-pinned").orElseThrow();
        assertNull(ProfileCheck.profileBuild(p, catalog, true));
        assertEquals("pinned", ProfileCheck.profileBuild(p, catalog, false));
        assertNull(ProfileCheck.profileBuild(null, catalog, false));
    }

    @Test
    void powR2ModuleComesLastAfterProfileStationAndRowCommands() throws Exception {
        DeviceProfile powR2 = DeviceProfiles.load(Path.of("config")).find("sonoff-pow-r2").orElseThrow();
        DeviceManifest manifest = rows("mac,name,commands\n" + MAC + ",Dryer,LedState 1\n");
        DeviceSettings device = ProfileCommands.settings(manifest, MAC, "18", powR2);
        assertEquals("43", device.module());
        assertEquals(List.of("FriendlyName1 Dryer", "PowerOnState 3", "TelePeriod 60", "SetOption53 1", "LedState 1", "Module 43"),
                ProfileCommands.mqttBacklog(device, powR2, List.of("SetOption53 1")));
    }

    @Test
    void rowModuleAndTemplateWinOverTheProfile() throws Exception {
        DeviceProfile basic = DeviceProfiles.load(Path.of("config")).find("sonoff-basic").orElseThrow();
        String template = "{\"\"NAME\"\":\"\"Relay\"\",\"\"GPIO\"\":[0],\"\"FLAG\"\":0,\"\"BASE\"\":18}";
        DeviceManifest manifest = rows("mac,module,template\n" + MAC + ",,\"" + template + "\"\n18:fe:34:00:00:02,8,\n");
        DeviceSettings templated = ProfileCommands.settings(manifest, MAC, null, basic);
        assertEquals("0", templated.module(), "module 0 makes the row's template the one the device runs");
        assertEquals(List.of("FriendlyName1 sonoff-000001", "Module 0", "Template " + templated.template(), "PowerOnState 3"),
                ProfileCommands.mqttBacklog(templated, basic, List.of()));
        assertEquals("8", ProfileCommands.settings(manifest, "18:fe:34:00:00:02", null, basic).module());
        assertEquals("18", ProfileCommands.settings(manifest, "18:fe:34:00:00:03", "18", null).module(), "no profile: the default module");
        assertEquals("1", ProfileCommands.settings(manifest, "18:fe:34:00:00:03", "18", basic).module(), "a profile wins over the default module");
    }
}

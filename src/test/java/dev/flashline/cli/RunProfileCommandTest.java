package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `run` checks device profiles at start: an unknown id is bad input (exit 2) before any device is reached. */
class RunProfileCommandTest {
    @TempDir
    Path tmp;

    @Test
    void unknownBatchProfileIsBadInputBeforeAnyDevice() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("application.properties"), """
                flashline.wifi.ssid = lab-iot
                flashline.catalog = firmware-catalog/catalog.yaml
                flashline.profile = sonoff-pow-r3
                """);
        Path data = tmp.resolve("data");
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "1", "--config", config.toString(), "--routes", "routes",
                "--data-dir", data.toString(), "--timeout", "60");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("flashline.profile names profile 'sonoff-pow-r3', which is not defined"), run.err());
        assertTrue(run.err().contains("sonoff-pow-r2"), "the known ids are listed: " + run.err());
        assertFalse(run.err().contains("LISTENING") || run.err().contains("Starting the provisioning line"), run.err());
        assertFalse(Files.exists(data.resolve("audit")), "no device record");
    }

    @Test
    void profileInTheLocalFileWhoseBuildIsNotInTheCatalogIsBadInput() throws Exception {
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("application.properties"), """
                flashline.wifi.ssid = lab-iot
                flashline.catalog = firmware-catalog/catalog.yaml
                flashline.profile = shelly-1
                """);
        Files.writeString(config.resolve("profiles.local.yaml"), """
                profiles:
                  - id: shelly-1
                    module: 46
                    chip: esp8266
                    flash: 2MB
                    firmware: tasmota-shelly
                """);
        CliRun run = CliRun.of("run", "--no-web", "--simulate", "1", "--config", config.toString(), "--routes", "routes",
                "--data-dir", tmp.resolve("data").toString(), "--timeout", "60");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("Profile 'shelly-1' prefers firmware 'tasmota-shelly', which is not in"), run.err());
    }
}

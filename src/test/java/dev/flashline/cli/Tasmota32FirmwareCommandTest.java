package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.catalog.LocalReleaseServer;
import dev.flashline.catalog.TestTasmota32Images;
import dev.flashline.catalog.TestTasmotaImages;
import dev.flashline.digest.Digests;
import dev.flashline.sim.Chip;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `firmware fetch` / `firmware add` of Tasmota32 builds: validated by the catalog entry's chip
 * (factory or app-only image, header chip id, checksum, appended SHA-256, Tasmota marker and
 * version, fits minFlash); a build for another chip is exit 2 and nothing is pinned.
 */
class Tasmota32FirmwareCommandTest {
    private static final String V = "15.0.1";
    private static final int APP = 96 * 1024;

    @TempDir
    Path dir;
    Path catalog;

    @BeforeEach
    void catalog() throws Exception {
        catalog = dir.resolve("fc/catalog.yaml");
        Files.createDirectories(catalog.getParent());
        Files.writeString(catalog, """
                firmware:
                  - name: tasmota
                    version: 15.0.1
                    chip: esp8266
                    minFlash: 1MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.0.1/tasmota.bin
                  - name: tasmota32
                    version: 15.0.1
                    chip: esp32
                    minFlash: 4MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.0.1/tasmota32.factory.bin
                  - name: tasmota32c3
                    version: 15.0.1
                    chip: esp32c3
                    minFlash: 4MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.0.1/tasmota32c3.factory.bin
                """);
    }

    private CliRun fetch(LocalReleaseServer server, String name) {
        return CliRun.of("firmware", "fetch", name, "--catalog", catalog.toString(), "--config", dir.toString(),
                "--releases-url", server.base().toString(), "--ca-file", server.caFile().toString(), "--json");
    }

    private CliRun add(Path file, String name) {
        return CliRun.of("firmware", "add", file.toString(), "--name", name, "--catalog", catalog.toString(),
                "--config", dir.toString(), "--json");
    }

    private static LocalReleaseServer.Asset asset(byte[] body) {
        return new LocalReleaseServer.Asset(body, body.length, "sha256:" + Digests.sha256Hex(body));
    }

    private String lock() throws Exception {
        Path lock = catalog.resolveSibling("catalog.lock.yaml");
        return Files.exists(lock) ? Files.readString(lock) : "";
    }

    @Test
    void fetchPinsEachChipsFactoryImageAndRefusesTheOtherChipsBuild() throws Exception {
        byte[] esp32 = TestTasmota32Images.factory(Chip.ESP32, V, APP);
        byte[] c3 = TestTasmota32Images.factory(Chip.ESP32C3, V, APP);
        try (LocalReleaseServer server = new LocalReleaseServer()) {
            server.release("v15.0.1", "tasmota32.factory.bin", asset(esp32));
            // the C3 entry's asset is, by mistake, the ESP32 build
            server.release("v15.0.1", "tasmota32c3.factory.bin", asset(esp32));

            CliRun ok = fetch(server, "tasmota32");
            assertEquals(0, ok.exit(), ok.err());
            assertEquals(Digests.sha256Hex(esp32), ok.json().get("sha256").asText());
            assertEquals(esp32.length, ok.json().get("size").asLong());
            assertArrayEquals(esp32, Files.readAllBytes(catalog.resolveSibling("files/tasmota32-15.0.1.bin")));

            CliRun wrong = fetch(server, "tasmota32c3");
            assertEquals(2, wrong.exit(), wrong.err());
            assertTrue(wrong.err().contains("is a tasmota32 build for the ESP32, but catalog entry 'tasmota32c3' is for the ESP32-C3"),
                    wrong.err());
            assertFalse(lock().contains("tasmota32c3"), "nothing pinned for the C3: " + lock());
            assertFalse(Files.exists(catalog.resolveSibling("files/tasmota32c3-15.0.1.bin")));

            server.release("v15.0.1", "tasmota32c3.factory.bin", asset(c3));
            CliRun c3ok = fetch(server, "tasmota32c3");
            assertEquals(0, c3ok.exit(), c3ok.err());
            assertEquals(Digests.sha256Hex(c3), c3ok.json().get("sha256").asText());
        }
        assertTrue(lock().contains("tasmota32c3"), lock());
    }

    @Test
    void addTakesAnAppOnlyImageAndRefusesOtherChipsDamageAndOtherVersions() throws Exception {
        Path app = dir.resolve("tasmota32c3.bin");
        byte[] c3app = TestTasmota32Images.app(Chip.ESP32C3, V, APP);
        Files.write(app, c3app);
        CliRun ok = add(app, "tasmota32c3@15.0.1");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(Digests.sha256Hex(c3app), ok.json().get("sha256").asText());
        assertEquals("local", ok.json().get("trust").asText());

        // the C3 app is not an ESP32 build, nor an ESP8266 one
        CliRun onEsp32 = add(app, "tasmota32@15.0.1");
        assertEquals(2, onEsp32.exit(), onEsp32.err());
        assertTrue(onEsp32.err().contains("is a tasmota32c3 build for the ESP32-C3, but catalog entry 'tasmota32' is for the ESP32"),
                onEsp32.err());
        CliRun on8266 = add(app, "tasmota@15.0.1");
        assertEquals(2, on8266.exit(), on8266.err());
        assertTrue(on8266.err().contains("is a tasmota32c3 build for the ESP32-C3, but catalog entry 'tasmota' is for the esp8266"),
                on8266.err());

        Path esp8266 = dir.resolve("tasmota.bin");
        Files.write(esp8266, TestTasmotaImages.withText(V, 100_000));
        CliRun eightOnEsp32 = add(esp8266, "tasmota32@15.0.1");
        assertEquals(2, eightOnEsp32.exit(), eightOnEsp32.err());
        assertTrue(eightOnEsp32.err().contains("is an ESP8266 image, but catalog entry 'tasmota32' is for the ESP32"), eightOnEsp32.err());

        byte[] damaged = TestTasmota32Images.factory(Chip.ESP32, V, APP);
        damaged[0x10000 + 200] ^= 0x01; // one bit of the app: its checksum and appended SHA-256 no longer match
        Path bad = dir.resolve("damaged.factory.bin");
        Files.write(bad, damaged);
        CliRun broken = add(bad, "tasmota32@15.0.1");
        assertEquals(2, broken.exit(), broken.err());
        assertTrue(broken.err().contains("checksum") || broken.err().contains("SHA-256"), broken.err());

        Path older = dir.resolve("older.factory.bin");
        Files.write(older, TestTasmota32Images.factory(Chip.ESP32, "14.6.0", APP));
        CliRun version = add(older, "tasmota32@15.0.1");
        assertEquals(2, version.exit(), version.err());
        assertTrue(version.err().contains("does not carry Tasmota version 15.0.1"), version.err());

        Path notTasmota = dir.resolve("other.bin");
        Files.write(notTasmota, TestTasmota32Images.appWithoutMarker(Chip.ESP32, V, APP));
        CliRun marker = add(notTasmota, "tasmota32@15.0.1");
        assertEquals(2, marker.exit(), marker.err());
        assertTrue(marker.err().contains("not a Tasmota build"), marker.err());
        assertFalse(lock().contains("name: tasmota32\n") || lock().contains("tasmota32-15.0.1"), lock());
    }
}

package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.catalog.LocalReleaseServer;
import dev.flashline.catalog.TestTasmotaImages;
import dev.flashline.digest.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareCommandTest {
    @TempDir
    Path dir;

    @Test
    void fetchPinsAndListShowsThePinAddValidatesLocalFiles() throws Exception {
        Path catalog = dir.resolve("fc/catalog.yaml");
        Files.createDirectories(catalog.getParent());
        Files.writeString(catalog, """
                firmware:
                  - name: tasmota
                    version: 15.2.0
                    chip: esp8266
                    minFlash: 1MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.2.0/tasmota.bin
                  - name: tasmota-lite
                    version: 15.2.0
                    chip: esp8266
                    minFlash: 1MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.2.0/tasmota-lite.bin
                """);
        byte[] image = TestTasmotaImages.withText("15.2.0", 200_000);
        try (LocalReleaseServer server = new LocalReleaseServer()) {
            server.release("v15.2.0", "tasmota.bin",
                    new LocalReleaseServer.Asset(image, image.length, "sha256:" + Digests.sha256Hex(image)));
            CliRun fetch = CliRun.of("firmware", "fetch", "tasmota", "--catalog", catalog.toString(), "--config", dir.toString(),
                    "--releases-url", server.base().toString(), "--ca-file", server.caFile().toString(), "--json");
            assertEquals(0, fetch.exit(), fetch.err());
            JsonNode pin = fetch.json();
            assertEquals("tasmota", pin.get("name").asText());
            assertEquals("15.2.0", pin.get("version").asText());
            assertEquals(Digests.sha256Hex(image), pin.get("sha256").asText());
            assertEquals(image.length, pin.get("size").asLong());
            assertEquals("digest", pin.get("trust").asText());
        }
        CliRun list = CliRun.of("firmware", "list", "--catalog", catalog.toString(), "--config", dir.toString(), "--json");
        assertEquals(0, list.exit(), list.err());
        JsonNode rows = list.json().get("firmware");
        assertTrue(rows.get(0).get("pinned").asBoolean());
        assertEquals("lock", rows.get(0).get("source").asText());
        assertTrue(!rows.get(1).get("pinned").asBoolean());

        Path gz = dir.resolve("tasmota-lite.bin.gz");
        byte[] lite = TestTasmotaImages.withText("15.2.0", 150_000);
        Files.write(gz, TestTasmotaImages.gzip(lite));
        CliRun add = CliRun.of("firmware", "add", gz.toString(), "--catalog", catalog.toString(), "--config", dir.toString(), "--json");
        assertEquals(0, add.exit(), add.err());
        assertEquals("local", add.json().get("trust").asText());
        assertEquals(Digests.sha256Hex(lite), add.json().get("sha256").asText());

        Path junk = dir.resolve("junk.bin");
        Files.writeString(junk, "not firmware");
        CliRun bad = CliRun.of("firmware", "add", junk.toString(), "--name", "tasmota-lite", "--catalog", catalog.toString(),
                "--config", dir.toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("not a valid ESP8266 firmware image"), bad.err());
    }
}

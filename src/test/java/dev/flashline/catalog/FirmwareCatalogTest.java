package dev.flashline.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirmwareCatalogTest {
    private static final int MB = 1 << 20;
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedCatalog() {
        FirmwareCatalog catalog = FirmwareCatalog.load(Path.of("firmware-catalog/catalog.yaml"));
        FirmwareEntry demo = catalog.find("tasmota-demo").orElseThrow();
        assertEquals(FirmwareEntry.Source.DEMO, demo.source());
        assertEquals("14.3.0(demo)", demo.demoSpec());
        assertTrue(demo.isDefault());
        FirmwareEntry tasmota = catalog.find("tasmota").orElseThrow();
        assertEquals(FirmwareEntry.Source.HTTP, tasmota.source());
        assertEquals("https://github.com/arendst/Tasmota/releases/download/v15.0.1/tasmota.bin", tasmota.url().toString());
        assertEquals("15.0.1", tasmota.version());
        assertEquals("esp8266", tasmota.chip());
        assertEquals(MB, tasmota.minFlashBytes());
        // Release builds ship unpinned: `flashline firmware fetch NAME` checks and pins them in catalog.lock.yaml.
        catalog.entries().stream().filter(e -> e.source() == FirmwareEntry.Source.HTTP)
                .forEach(e -> assertNull(e.sha256(), e.name()));
        assertEquals("tasmota-demo", catalog.select("ESP8285", MB, null).name());
        // a mixed drawer: each chip gets its own default demo build
        assertEquals("tasmota32-demo", catalog.select("ESP32", 4 * MB, null).name());
        assertEquals("demo:tasmota32c3/14.3.0(demo)", catalog.select("ESP32-C3", 4 * MB, null).url().toString());
        assertEquals("tasmota-demo", catalog.select("ESP8266EX", MB, null).name());
        // the real Tasmota32 release builds: factory images, one per chip, picked per device from one list
        assertEquals("https://github.com/arendst/Tasmota/releases/download/v15.0.1/tasmota32.factory.bin",
                catalog.find("tasmota32").orElseThrow().url().toString());
        assertEquals("https://github.com/arendst/Tasmota/releases/download/v15.0.1/tasmota32c3.factory.bin",
                catalog.find("tasmota32c3").orElseThrow().url().toString());
        String line = "tasmota, tasmota32, tasmota32c3";
        assertEquals("tasmota", catalog.select("ESP8285", MB, line).name());
        assertEquals("tasmota32", catalog.select("ESP32", 4 * MB, line).name());
        assertEquals("tasmota32c3", catalog.select("ESP32-C3", 4 * MB, line).name());
        assertThrows(FlashlineException.class, () -> catalog.select("ESP32-C3", 4 * MB, "tasmota32"));
        assertThrows(FlashlineException.class, () -> catalog.select("ESP32", 2 * MB, "tasmota32"));
    }

    @Test
    void aListOfBuildsPicksTheOneForTheDevicesChip() throws IOException {
        FirmwareCatalog catalog = FirmwareCatalog.load(write("""
                firmware:
                  - {name: t8266, version: "1", chip: esp8266, minFlash: 1MB, file: a.bin, sha256: %s}
                  - {name: t32, version: "1", chip: esp32, minFlash: 4MB, file: b.bin, sha256: %s}
                  - {name: t32c3, version: "1", chip: esp32c3, minFlash: 4MB, file: c.bin, sha256: %s}
                """.formatted(SHA, SHA, SHA)));
        String line = "t8266, t32, t32c3";
        assertEquals("t8266", catalog.select("ESP8285", MB, line).name());
        assertEquals("t32", catalog.select("ESP32", 4 * MB, line).name());
        assertEquals("t32c3", catalog.select("ESP32-C3", 4 * MB, line).name());
        FlashlineException none = assertThrows(FlashlineException.class, () -> catalog.select("ESP32-C3", 4 * MB, "t8266, t32"));
        assertTrue(none.getMessage().contains("None of the builds named"), none.getMessage());
        FlashlineException small = assertThrows(FlashlineException.class, () -> catalog.select("ESP32", 2 * MB, line));
        assertTrue(small.getMessage().contains("needs at least 4MB"), small.getMessage());
    }

    @Test
    void selectsByChipAndFlash() throws IOException {
        FirmwareCatalog catalog = FirmwareCatalog.load(write("""
                firmware:
                  - {name: big, version: "1", chip: esp8266, minFlash: 4MB, file: big.bin, sha256: %s, default: true}
                  - {name: only8285, version: "1", chip: esp8285, minFlash: 1MB, file: a.bin, sha256: %s, default: true}
                  - {name: small, version: 14.3, chip: esp8266, minFlash: 1MB, file: s.bin, sha256: %s, default: true}
                  - {name: tiny, version: "1", chip: any, minFlash: 512KB, file: t.bin, sha256: %s}
                """.formatted(SHA, SHA, SHA, SHA)));
        assertEquals("big", catalog.select("ESP8266EX", 4 * MB, null).name());
        assertEquals("small", catalog.select("ESP8266EX", MB, null).name());
        assertEquals("only8285", catalog.select("ESP8285", MB, null).name());
        assertEquals("14.3", catalog.find("small").orElseThrow().version());
        // An ESP8285 runs esp8266 builds; an ESP8266 does not run esp8285-only ones.
        assertEquals("small", catalog.select("ESP8285", MB, "small").name());
        FlashlineException wrongChip = assertThrows(FlashlineException.class, () -> catalog.select("ESP8266EX", MB, "only8285"));
        assertTrue(wrongChip.getMessage().contains("built for esp8285"), wrongChip.getMessage());
        FlashlineException tooBig = assertThrows(FlashlineException.class, () -> catalog.select("ESP8266EX", MB, "big"));
        assertTrue(tooBig.getMessage().contains("needs at least 4MB"), tooBig.getMessage());
        assertTrue(tooBig.hint().contains("small"), tooBig.hint());
        FlashlineException none = assertThrows(FlashlineException.class, () -> catalog.select("ESP8266EX", 512 * 1024, null));
        assertTrue(none.getMessage().contains("No default firmware"), none.getMessage());
        assertTrue(none.hint().contains("tiny"), none.hint());
        FlashlineException unknown = assertThrows(FlashlineException.class, () -> catalog.select("ESP8266EX", MB, "nope"));
        assertTrue(unknown.getMessage().contains("'nope' is not in"), unknown.getMessage());
        assertEquals(FlashlineException.Kind.BAD_INPUT, unknown.kind());
    }

    @Test
    void resolvesFileEntriesAgainstTheCatalogFolder() throws IOException {
        FirmwareCatalog catalog = FirmwareCatalog.load(write("""
                firmware:
                  - {name: local, version: "1", chip: any, minFlash: 1MB, file: builds/x.bin, sha256: %s}
                """.formatted(SHA.toUpperCase())));
        FirmwareEntry e = catalog.entries().get(0);
        assertEquals(dir.resolve("builds/x.bin").toAbsolutePath().normalize(), e.file());
        assertEquals(SHA, e.sha256());
        assertFalse(e.isDefault());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not yaml          | 'firmware:\\n  - name: [unclosed\\n'                                                           | not valid YAML
            no firmware key   | 'builds: []\\n'                                                                               | no top-level 'firmware:'
            empty list        | 'firmware: []\\n'                                                                             | non-empty list
            missing version   | 'firmware:\\n  - {name: a, chip: any, minFlash: 1MB, file: a.bin, sha256: SHA}\\n'            | entry 'a' has no 'version'
            missing name      | 'firmware:\\n  - {version: 1, chip: any, minFlash: 1MB, file: a.bin, sha256: SHA}\\n'         | entry 1 has no 'name'
            unknown chip      | 'firmware:\\n  - {name: a, version: 1, chip: esp32s3, minFlash: 1MB, file: a.bin, sha256: SHA}\\n' | entry 'a' has unknown chip 'esp32s3'
            bad minFlash      | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: lots, file: a.bin, sha256: SHA}\\n'  | minFlash 'lots'
            short sha256      | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, file: a.bin, sha256: abc123}\\n' | entry 'a' has sha256 'abc123'
            missing sha256    | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, file: a.bin}\\n'                  | entry 'a' has no 'sha256'
            url and file      | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, file: a.bin, url: \"https://h/a\", sha256: SHA}\\n' | has both 'url' and 'file'
            no source         | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, sha256: SHA}\\n'               | has neither 'url' nor 'file'
            ftp url           | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, url: \"ftp://h/a\", sha256: SHA}\\n' | unsupported scheme
            typo key          | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, file: a.bin, sha265: SHA}\\n'   | unknown key 'sha265'
            default not bool  | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, file: a.bin, sha256: SHA, default: yes please}\\n' | default 'yes please'
            duplicate names   | 'firmware:\\n  - {name: a, version: 1, chip: any, minFlash: 1MB, file: a.bin, sha256: SHA}\\n  - {name: a, version: 2, chip: any, minFlash: 1MB, file: b.bin, sha256: SHA}\\n' | lists firmware 'a' twice
            """)
    void rejectsMalformedCatalogs(String label, String yaml, String expected) throws IOException {
        Path file = write(yaml.replace("\\n", "\n").replace("SHA", SHA));
        FlashlineException e = assertThrows(FlashlineException.class, () -> FirmwareCatalog.load(file));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says what is wrong: " + e.getMessage());
        assertFalse(e.hint().isBlank(), "says what to do");
    }

    @Test
    void missingFileIsBadInput() {
        FlashlineException e = assertThrows(FlashlineException.class, () -> FirmwareCatalog.load(dir.resolve("none.yaml")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}

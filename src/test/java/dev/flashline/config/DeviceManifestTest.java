package dev.flashline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceManifestTest {
    private static final DeviceManifest.Defaults DEFAULTS = new DeviceManifest.Defaults("1", null);

    @TempDir
    Path dir;

    @Test
    void loadsTheShippedManifest() {
        DeviceManifest m = DeviceManifest.load(Path.of("config/devices.csv"));
        assertEquals(List.of("5c:cf:7f:a1:b2:c3", "5c:cf:7f:0d:0e:0f"), m.macs());
        DeviceSettings hall = m.forMac("5CCF7FA1B2C3", DEFAULTS);
        assertEquals(new DeviceSettings("5c:cf:7f:a1:b2:c3", "Hall light", "hall_light", "1", null,
                List.of("PowerOnState 0", "LedState 1"), true), hall);
        DeviceSettings garage = m.forMac("5c-cf-7f-0d-0e-0f", DEFAULTS);
        assertEquals("Garage, pump", garage.name());
        assertEquals(List.of("PowerOnState 0", "PulseTime1 700"), garage.commands());
    }

    @Test
    void derivesNamesForUnlistedDevicesAndFillsEmptyFields() throws IOException {
        DeviceManifest m = DeviceManifest.load(write("""
                MAC , Topic, Template, name
                aa:bb:cc:00:1a:2b, , "{""NAME"":""Test"",""GPIO"":[0,0],""FLAG"":0,""BASE"":18}",
                """));
        DeviceSettings listed = m.forMac("AA:BB:CC:00:1A:2B", new DeviceManifest.Defaults("18", "{\"x\":1}"));
        assertEquals("sonoff-001A2B", listed.name());
        assertEquals("sonoff_001A2B", listed.topic());
        assertEquals("18", listed.module());
        assertEquals("{\"NAME\":\"Test\",\"GPIO\":[0,0],\"FLAG\":0,\"BASE\":18}", listed.template());
        assertTrue(listed.fromManifest());

        DeviceSettings other = m.forMac("11-22-33-44-55-66", DEFAULTS);
        assertEquals(new DeviceSettings("11:22:33:44:55:66", "sonoff-445566", "sonoff_445566", "1", null, List.of(), false), other);
        DeviceSettings none = DeviceManifest.empty().forMac("112233445566", DeviceManifest.Defaults.NONE);
        assertNull(none.module());
        assertFalse(none.fromManifest());
    }

    @Test
    void skipsCommentsBlankLinesAndByteOrderMark() throws IOException {
        DeviceManifest m = DeviceManifest.load(write("\uFEFF# devices\n\nmac,name\n# a comment\n\naabbccddeeff,x\n"));
        assertEquals(1, m.size());
        assertEquals("x", m.forMac("aa:bb:cc:dd:ee:ff", DEFAULTS).name());
    }

    @Test
    void missingFileIsBadInputButLoadIfExistsIsEmpty() {
        FlashlineException e = assertThrows(FlashlineException.class, () -> DeviceManifest.load(dir.resolve("none.csv")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertEquals(0, DeviceManifest.loadIfExists(dir.resolve("none.csv")).size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad mac           | 'mac,name\\naa:bb:cc:dd:ee,x\\n'                          | :2: the row has MAC 'aa:bb:cc:dd:ee'
            mixed separators  | 'mac,name\\naa:bb-cc:dd:ee:ff,x\\n'                       | :2: the row has MAC
            duplicate mac     | 'mac,name\\naa:bb:cc:dd:ee:ff,x\\n#\\nAA-BB-CC-DD-EE-FF,y\\n' | :4: the row repeats MAC aa:bb:cc:dd:ee:ff (first on line 2)
            too many columns  | 'mac,name\\naa:bb:cc:dd:ee:ff,x,y\\n'                     | :2: the row has 3 fields, the header (line 1) has 2
            too few columns   | 'mac,name,topic\\naa:bb:cc:dd:ee:ff,x\\n'                 | :2: the row has 2 fields
            unknown header    | 'mac,name,colour\\n'                                      | :1: the header has unknown column 'colour'
            no mac column     | 'name,topic\\n'                                           | :1: the header has no 'mac' column
            repeated column   | 'mac,name,Name\\n'                                        | :1: the header names column 'name' twice
            unclosed quote    | 'mac,name\\naa:bb:cc:dd:ee:ff,\"x\\n'                     | :2: the row has an unclosed or misplaced quote
            bad topic         | 'mac,topic\\naa:bb:cc:dd:ee:ff,a/b\\n'                    | :2: the row has topic 'a/b'
            bad module        | 'mac,module\\naa:bb:cc:dd:ee:ff,basic\\n'                 | :2: the row has module 'basic'
            bad template      | 'mac,template\\naa:bb:cc:dd:ee:ff,{NAME:x}\\n'            | :2: the row has a template that is not a JSON object
            empty file        | '# nothing\\n'                                            | has no header line
            """)
    void rejectsMalformedManifests(String label, String csv, String expected) throws IOException {
        Path file = write(csv.replace("\\n", "\n"));
        FlashlineException e = assertThrows(FlashlineException.class, () -> DeviceManifest.load(file));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected.startsWith(":") ? file + expected : expected),
                "says what and where: " + e.getMessage());
        assertFalse(e.hint().isBlank());
    }

    @Test
    void normalisesMacs() {
        assertEquals("aa:bb:cc:dd:ee:ff", MacAddress.normalize(" AA-BB-CC-DD-EE-FF ").orElseThrow());
        assertEquals("aa:bb:cc:dd:ee:ff", MacAddress.normalize("aabbccddeeff").orElseThrow());
        assertTrue(MacAddress.normalize("aa:bb:cc:dd:ee:fg").isEmpty());
        assertTrue(MacAddress.normalize("aa:bb:cc:dd:ee:ff:00").isEmpty());
        assertEquals("DDEEFF", MacAddress.suffix("aa:bb:cc:dd:ee:ff"));
    }

    private Path write(String csv) throws IOException {
        Path file = dir.resolve("devices.csv");
        Files.writeString(file, csv);
        return file;
    }
}

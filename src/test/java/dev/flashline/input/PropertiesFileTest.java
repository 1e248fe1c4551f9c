package dev.flashline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PropertiesFileTest {
    private static final Path FILE = Path.of("config/application.properties");

    @Test
    void knowsTheLineOfEveryKeyAsPropertiesReadsThem() {
        String text = """
                # a comment = not a key
                ! another
                flashline.wifi.ssid = lab
                flashline.backlog = SetOption53 1; \\
                    PowerOnState 3
                flashline.station:bench
                  flashline.baud 460800
                key\\=with\\:escapes = x
                flashline.baud = 115200
                """;
        PropertiesFile p = PropertiesFile.parse(TextFile.of(FILE, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "settings"), "");
        assertEquals(3, p.line("flashline.wifi.ssid"));
        assertEquals(4, p.line("flashline.backlog"));
        assertEquals("SetOption53 1; PowerOnState 3", p.values().get("flashline.backlog"));
        assertEquals(6, p.line("flashline.station"));
        assertEquals(8, p.line("key=with:escapes"));
        assertEquals(9, p.line("flashline.baud"), "the last one wins, as in Properties");
        assertEquals("115200", p.values().get("flashline.baud"));
        assertEquals(0, p.line("PowerOnState"), "a continuation line is no key");
        assertEquals(FILE + ":3", p.where("flashline.wifi.ssid"));
        assertEquals(FILE.toString(), p.where("flashline.mqtt.url"));
    }

    @Test
    void aMalformedUnicodeEscapeNamesItsLine() {
        byte[] text = "a = 1\nb = caf\\u00zz\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> PropertiesFile.parse(TextFile.of(FILE, text, "settings"), "Write key = value."));
        assertTrue(e.getMessage().startsWith(FILE + ":2: has a malformed \\uXXXX escape"), e.getMessage());
    }
}

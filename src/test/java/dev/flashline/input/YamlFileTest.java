package dev.flashline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlFileTest {
    private static final Path FILE = Path.of("firmware-catalog/catalog.yaml");

    private static YamlFile parse(String text) {
        return YamlFile.parse(TextFile.of(FILE, text.getBytes(StandardCharsets.UTF_8), "a catalog"), "Fix the YAML.");
    }

    @Test
    void everyKeyAndItemKnowsItsLine() {
        YamlFile yaml = parse("""
                # builds
                firmware:
                  - name: a
                    chip: esp8266
                  - {name: b, chip: esp32,
                     sha256: abc}
                """);
        assertEquals(2, yaml.line("/firmware"));
        assertEquals(3, yaml.line("/firmware/0/name"));
        assertEquals(4, yaml.line("/firmware/0/chip"));
        assertEquals(6, yaml.line("/firmware/1/sha256"));
        assertEquals(5, yaml.line("/firmware/1/version"), "a missing key: the line of its entry");
        assertEquals("b", yaml.root().at("/firmware/1/name").asText());
        FlashlineException e = yaml.fail("/firmware/1/sha256", "entry 'b' has sha256 'abc'", "64 hex digits.");
        assertEquals(FILE + ":6: entry 'b' has sha256 'abc'", e.getMessage());
    }

    @Test
    void aSyntaxErrorNamesTheLineInWordsWithoutTheParsersDump() {
        FlashlineException e = assertThrows(FlashlineException.class, () -> parse("firmware:\n  - name: a\n   chip: esp8266\n"));
        assertTrue(e.getMessage().startsWith(FILE + ":3: is not valid YAML: "), e.getMessage());
        assertFalse(e.getMessage().contains("reader") || e.getMessage().contains("\n") || e.getMessage().contains("^"), e.getMessage());

        FlashlineException open = assertThrows(FlashlineException.class, () -> parse("firmware:\n  - name: 'a\n"));
        assertTrue(open.getMessage().startsWith(FILE + ":2: is not valid YAML: "), "where the quote was opened: " + open.getMessage());
    }

    @Test
    void anEmptyDocumentHasNoRoot() {
        assertEquals(null, parse("# nothing here\n").root());
    }
}

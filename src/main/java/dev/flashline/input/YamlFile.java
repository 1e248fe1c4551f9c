package dev.flashline.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML file a person edits, parsed to a tree that remembers the line of every key and item, so
 * that a complaint about {@code /firmware/2/sha256} can say "catalog.yaml:31:". Syntax errors name
 * the file and line, in words, without the parser's own dump of the text.
 */
public final class YamlFile {
    private final TextFile file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlFile(TextFile file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** Reads and parses {@code path} ({@code holds}: what it should hold, for the hints). */
    public static YamlFile read(Path path, String holds, String syntaxHint) {
        return parse(TextFile.read(path, holds), syntaxHint);
    }

    public static YamlFile parse(TextFile file, String syntaxHint) {
        YAMLFactory factory = new YAMLFactory();
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root;
        try {
            try (JsonParser p = factory.createParser(file.text())) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
                }
            }
            root = new YAMLMapper(factory).readTree(file.text());
        } catch (JsonProcessingException e) {
            throw file.fail(line(e, file.lines().size()), "is not valid YAML: " + problem(e), syntaxHint);
        } catch (IOException e) {
            throw file.fail(0, "is not valid YAML", syntaxHint);
        }
        return new YamlFile(file, root == null || root.isMissingNode() ? null : root, lines);
    }

    /**
     * The line the YAML parser found the problem on (its own mark first: Jackson's location may lag
     * behind); at the end of the file, where what was left open started (an unclosed quote).
     */
    private static int line(JsonProcessingException e, int lines) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
                int line = m.getProblemMark().getLine() + 1;
                return line > lines && m.getContextMark() != null ? m.getContextMark().getLine() + 1 : line;
            }
        }
        JsonLocation at = e.getLocation();
        return at == null ? 0 : at.getLineNr();
    }

    /** The parser's complaint in words ("mapping values are not allowed here"), without its excerpt of the file. */
    private static String problem(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                String context = m.getContext() == null ? "" : m.getContext() + ": ";
                return (context + (m.getProblem() == null ? "" : m.getProblem())).trim();
            }
        }
        String message = e.getOriginalMessage();
        int cut = message == null ? -1 : message.indexOf("\n");
        return message == null ? "unreadable" : cut > 0 ? message.substring(0, cut) : message;
    }

    /** The document, or null when it is empty. */
    public JsonNode root() {
        return root;
    }

    public TextFile file() {
        return file;
    }

    public Path path() {
        return file.path();
    }

    /** The line of the node at {@code pointer} (e.g. "/firmware/0/sha256"), else of its closest parent; 0 if unknown. */
    public int line(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
        }
    }

    /** "FILE:LINE: what", at the node {@code pointer} points to. */
    public FlashlineException fail(String pointer, String what, String hint) {
        return file.fail(line(pointer), what, hint);
    }
}

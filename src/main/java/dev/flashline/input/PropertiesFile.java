package dev.flashline.input;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A .properties file a person edits, read as {@link Properties} reads it, that also knows on which
 * line each key was written (the last time, as the last one wins), so a complaint about a value can
 * say "application.properties:12:".
 */
public final class PropertiesFile {
    private final TextFile file;
    private final Map<String, String> values;
    private final Map<String, Integer> lines;

    private PropertiesFile(TextFile file, Map<String, String> values, Map<String, Integer> lines) {
        this.file = file;
        this.values = values;
        this.lines = lines;
    }

    public static PropertiesFile parse(TextFile file, String syntaxHint) {
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(file.text()));
        } catch (IOException | IllegalArgumentException e) {
            // Properties names no line: find the malformed \\uXXXX escape ourselves.
            throw file.fail(badEscapeLine(file.lines()), "has a malformed \\uXXXX escape", syntaxHint);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            values.put(key, raw.getProperty(key));
        }
        return new PropertiesFile(file, values, keyLines(file.lines()));
    }

    public TextFile file() {
        return file;
    }

    /** Keys and raw values, as Properties read them. */
    public Map<String, String> values() {
        return values;
    }

    /** The line {@code key} was (last) written on; 0 if it is not in the file. */
    public int line(String key) {
        return lines.getOrDefault(key, 0);
    }

    /** "FILE:LINE" of {@code key}, or "FILE" when the file does not write it. */
    public String where(String key) {
        return file.at(line(key));
    }

    private static int badEscapeLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(".*(?<!\\\\)(\\\\\\\\)*\\\\u(?![0-9a-fA-F]{4}).*")) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The key of each logical line, as Properties.load splits them (comments, continuations, escapes). */
    static Map<String, Integer> keyLines(List<String> lines) {
        Map<String, Integer> at = new HashMap<>();
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean wasContinued = continued;
            continued = endsWithOddBackslashes(line);
            String s = line.stripLeading();
            if (wasContinued || s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '!') {
                if (!wasContinued) {
                    continued = false; // a comment line never continues
                }
                continue;
            }
            StringBuilder key = new StringBuilder();
            for (int c = 0; c < s.length(); c++) {
                char ch = s.charAt(c);
                if (ch == '\\' && c + 1 < s.length()) {
                    char next = s.charAt(++c);
                    key.append(switch (next) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 'f' -> '\f';
                        default -> next;
                    });
                } else if (ch == '=' || ch == ':' || Character.isWhitespace(ch)) {
                    break;
                } else {
                    key.append(ch);
                }
            }
            at.put(key.toString(), i + 1);
        }
        return at;
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}

package dev.flashline.pipeline;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code <config>/application.properties} (or the copy inside the jar when the folder has
 * none) and resolves {@code ${env:NAME}} / {@code ${env:NAME:default}} so the shipped file can
 * refer to secrets kept in the environment. An unset variable without a default leaves the key unset.
 */
final class LineConfig {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private LineConfig() {
    }

    static Map<String, String> load(Path configDir, Map<String, String> env) {
        Properties raw = new Properties();
        Path file = configDir.resolve("application.properties");
        try {
            if (Files.isRegularFile(file)) {
                try (Reader r = Files.newBufferedReader(file)) {
                    raw.load(r);
                }
            } else {
                try (InputStream in = LineConfig.class.getResourceAsStream("/config/application.properties")) {
                    if (in == null) {
                        throw FlashlineException.badInput("No " + file + " and no built-in configuration",
                                "Run from the project folder or pass --config DIR.");
                    }
                    raw.load(in);
                }
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read " + file + ": " + e.getMessage(), "Check the file.");
        } catch (IllegalArgumentException e) {
            throw FlashlineException.badInput(file + " is malformed: " + e.getMessage(), "Fix the line it names.");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            String value = resolve(raw.getProperty(key), env);
            if (value != null && !value.isBlank()) {
                resolved.put(key, value.trim());
            }
        }
        return resolved;
    }

    static String resolve(String value, Map<String, String> env) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null || v.isEmpty()) {
                v = m.group(2);
            }
            if (v == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}

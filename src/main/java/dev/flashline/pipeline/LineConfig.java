package dev.flashline.pipeline;

import dev.flashline.config.ConfigLocation;
import dev.flashline.errors.FlashlineException;
import dev.flashline.input.PropertiesFile;
import dev.flashline.input.TextFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code <config>/application.properties} (or the copy inside the jar when the folder has
 * none) and resolves {@code ${env:NAME}} / {@code ${env:NAME:default}} so the shipped file can
 * refer to secrets kept in the environment. An unset variable without a default leaves the key unset.
 */
final class LineConfig {
    static final String HOLDS = "the station's settings as 'flashline.key = value' lines";
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private LineConfig() {
    }

    /** The resolved settings and where each is written (file and line), for messages. */
    record Loaded(Map<String, String> values, ConfigLocation where) {
    }

    static Map<String, String> load(Path configDir, Map<String, String> env) {
        return read(configDir, env).values();
    }

    static Loaded read(Path configDir, Map<String, String> env) {
        Path file = configDir.resolve("application.properties");
        TextFile text;
        if (Files.isRegularFile(file) || Files.exists(file)) {
            text = TextFile.read(file, HOLDS);
            if (text.isBlank() || text.lines().stream().map(String::strip)
                    .allMatch(l -> l.isEmpty() || l.startsWith("#") || l.startsWith("!"))) {
                throw text.fail(0, "is empty: it sets nothing",
                        "Restore it (the project's config/application.properties is a commented example), or remove it to"
                        + " use the built-in settings.");
            }
        } else {
            try (InputStream in = LineConfig.class.getResourceAsStream("/config/application.properties")) {
                if (in == null) {
                    throw FlashlineException.badInput("No " + file + " and no built-in configuration",
                            "Run from the project folder or pass --config DIR.");
                }
                text = TextFile.of(Path.of("(built-in) config/application.properties"), in.readAllBytes(), HOLDS);
            } catch (IOException e) {
                throw FlashlineException.badInput("Cannot read the built-in configuration", "Rebuild flashline.");
            }
        }
        PropertiesFile properties = PropertiesFile.parse(text,
                "Write one setting per line as key = value; a backslash starts an escape (write \\\\ for one).");
        Map<String, String> resolved = new LinkedHashMap<>();
        properties.values().forEach((key, raw) -> {
            String value = resolve(raw, env);
            if (value != null && !value.isBlank()) {
                resolved.put(key, value.trim());
            }
        });
        return new Loaded(resolved, properties::where);
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

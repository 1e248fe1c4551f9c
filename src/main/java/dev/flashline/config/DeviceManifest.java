package dev.flashline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.FlashlineException;
import dev.flashline.input.TextFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * config/devices.csv: per-device names, MQTT topics, modules, templates and extra commands, keyed by
 * MAC. Header {@code mac,name,topic,module,template,commands,profile} (any order, only mac required); blank
 * lines and lines starting with '#' are skipped; {@code commands} holds Tasmota commands separated
 * by ';'. Devices without a row get names derived from their MAC.
 */
public final class DeviceManifest {
    static final String HOLDS = "the device manifest (a header such as mac,name,topic, then one row per device)";
    public static final List<String> COLUMNS = List.of("mac", "name", "topic", "module", "template", "commands", "profile");

    /** Settings for devices the manifest does not list (or fields a row leaves empty). */
    public record Defaults(String module, String template) {
        public static final Defaults NONE = new Defaults(null, null);
    }

    private record Row(String mac, String name, String topic, String module, String template, List<String> commands,
                       String profile, int line) {
    }

    private final Path file;
    private final Map<String, Row> rows;

    private DeviceManifest(Path file, Map<String, Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    public static DeviceManifest empty() {
        return new DeviceManifest(null, Map.of());
    }

    /** The manifest, or an empty one when the file does not exist (devices then get derived names). */
    public static DeviceManifest loadIfExists(Path csv) {
        return Files.exists(csv) ? load(csv) : empty();
    }

    public static DeviceManifest load(Path csv) {
        if (!Files.exists(csv)) {
            throw FlashlineException.badInput("Device manifest " + csv + " does not exist",
                    "Create it with the header " + String.join(",", COLUMNS) + ", or remove the setting that names it.");
        }
        return new Parser(csv, TextFile.read(csv, HOLDS)).parse();
    }

    /** "FILE:LINE" of the row of {@code mac} (any spelling), for messages; the file alone when it has none. */
    public String where(String mac) {
        Row row = MacAddress.normalize(mac).map(rows::get).orElse(null);
        return file == null ? "devices.csv" : TextFile.where(file, row == null ? 0 : row.line());
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public int size() {
        return rows.size();
    }

    /** Normalised MACs of all rows, in file order. */
    public List<String> macs() {
        return List.copyOf(rows.keySet());
    }

    /** The row's values where given, otherwise names derived from the MAC and the defaults. */
    public DeviceSettings forMac(String mac, Defaults defaults) {
        String normalized = MacAddress.normalize(mac).orElseThrow(() -> FlashlineException.badInput(
                "Not a MAC address: '" + mac + "'", "Write it as aa:bb:cc:dd:ee:ff."));
        Defaults d = defaults == null ? Defaults.NONE : defaults;
        String suffix = MacAddress.suffix(normalized);
        Row row = rows.get(normalized);
        if (row == null) {
            return new DeviceSettings(normalized, "sonoff-" + suffix, "sonoff_" + suffix, d.module(), d.template(), List.of(), false);
        }
        return new DeviceSettings(normalized,
                or(row.name(), "sonoff-" + suffix),
                or(row.topic(), "sonoff_" + suffix),
                or(row.module(), d.module()),
                or(row.template(), d.template()),
                row.commands(),
                true);
    }

    /** The device profile id the row names, if any (checked against config/profiles.yaml by {@link DeviceProfiles}). */
    public Optional<String> profileFor(String mac) {
        Row row = MacAddress.normalize(mac).map(rows::get).orElse(null);
        return row == null || row.profile().isEmpty() ? Optional.empty() : Optional.of(row.profile());
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** Reads the lines; every complaint names the file and line number. */
    private static final class Parser {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Path file;
        private final TextFile text;
        private final List<String> lines;

        Parser(Path file, TextFile text) {
            this.file = file;
            this.text = text;
            this.lines = text.lines();
        }

        DeviceManifest parse() {
            List<String> header = null;
            int headerLine = 0;
            Map<String, Row> rows = new LinkedHashMap<>();
            Map<String, Integer> seenAt = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                int lineNo = i + 1;
                String line = lines.get(i);
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                List<String> fields = CsvLine.split(line);
                if (fields == null) {
                    throw fail(lineNo, "the row has an unclosed or misplaced quote",
                            "Quote a whole field (\"...\") and double quotes inside it (\"\"); fields cannot span lines.");
                }
                if (header == null) {
                    header = header(fields, lineNo);
                    headerLine = lineNo;
                    continue;
                }
                if (fields.size() != header.size()) {
                    throw fail(lineNo, "the row has " + fields.size() + " fields, the header (line " + headerLine + ") has " + header.size(),
                            "Quote fields that contain commas; leave empty fields empty (a,,b).");
                }
                Map<String, String> values = new HashMap<>();
                for (int c = 0; c < header.size(); c++) {
                    values.put(header.get(c), fields.get(c).trim());
                }
                Row row = row(values, lineNo);
                Integer earlier = seenAt.putIfAbsent(row.mac(), lineNo);
                if (earlier != null) {
                    throw fail(lineNo, "the row repeats MAC " + row.mac() + " (first on line " + earlier + ")",
                            "Keep one row per device.");
                }
                rows.put(row.mac(), row);
            }
            if (header == null) {
                throw text.fail(0, text.isBlank() ? "is empty: no header line" : "has no header line",
                        "Start it with: " + String.join(",", COLUMNS) + " (or delete the file: devices then get names from their MAC).");
            }
            return new DeviceManifest(file, rows);
        }

        private List<String> header(List<String> fields, int lineNo) {
            List<String> header = new ArrayList<>();
            for (String f : fields) {
                String name = f.trim().toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(name)) {
                    throw fail(lineNo, "the header has unknown column '" + f + "'", "Known columns: " + String.join(",", COLUMNS) + ".");
                }
                if (header.contains(name)) {
                    throw fail(lineNo, "the header names column '" + name + "' twice", "Keep one of them.");
                }
                header.add(name);
            }
            if (!header.contains("mac")) {
                throw fail(lineNo, "the header has no 'mac' column", "Rows are matched to devices by MAC: add a 'mac' column.");
            }
            return header;
        }

        private Row row(Map<String, String> v, int lineNo) {
            String macText = v.get("mac");
            String mac = MacAddress.normalize(macText).orElseThrow(() -> fail(lineNo,
                    "the row has MAC '" + macText + "', which is not a MAC address", "Write it as aa:bb:cc:dd:ee:ff (or with '-', or none)."));
            String topic = v.getOrDefault("topic", "");
            if (!topic.isEmpty() && !topic.matches("[^\\s+#/]+")) {
                throw fail(lineNo, "the row has topic '" + topic + "'", "An MQTT topic name here cannot contain spaces, '/', '+' or '#'.");
            }
            String module = v.getOrDefault("module", "");
            if (!module.isEmpty() && !module.matches("\\d{1,3}")) {
                throw fail(lineNo, "the row has module '" + module + "'", "Write the Tasmota module number (e.g. 1 for Sonoff Basic), or leave it empty.");
            }
            String template = v.getOrDefault("template", "");
            if (!template.isEmpty()) {
                checkTemplate(template, lineNo);
            }
            List<String> commands = Arrays.stream(v.getOrDefault("commands", "").split(";"))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            String profile = v.getOrDefault("profile", "");
            if (!profile.isEmpty() && !profile.matches("[a-z0-9][a-z0-9._-]*")) {
                throw fail(lineNo, "the row has profile '" + profile + "'", "Write a profile id from config/profiles.yaml, e.g. sonoff-basic.");
            }
            return new Row(mac, v.getOrDefault("name", ""), topic, module, template, commands, profile, lineNo);
        }

        private void checkTemplate(String template, int lineNo) {
            JsonNode node;
            try {
                node = JSON.readTree(template);
            } catch (java.io.IOException e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                throw fail(lineNo, "the row has a template that is not a JSON object",
                        "Quote the field and double the quotes inside: \"{\"\"NAME\"\":\"\"Basic\"\",\"\"GPIO\"\":[...],\"\"FLAG\"\":0,\"\"BASE\"\":1}\".");
            }
        }

        private FlashlineException fail(int lineNo, String what, String hint) {
            return text.fail(lineNo, what, hint);
        }
    }
}

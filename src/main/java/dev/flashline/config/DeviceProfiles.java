package dev.flashline.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.FlashlineException;
import dev.flashline.input.TextFile;
import dev.flashline.input.YamlFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The device profiles: config/profiles.yaml (shipped) and, beside it, config/profiles.local.yaml
 * (the user's own; an id there replaces the shipped one). Every complaint names the file and the
 * profile, because the person reading it is editing that file.
 */
public final class DeviceProfiles {
    public static final String FILE = "profiles.yaml";
    public static final String LOCAL_FILE = "profiles.local.yaml";
    static final String HOLDS = "device profiles (a 'profiles:' list of '- id: …' entries)";
    private static final String SYNTAX_HINT = "Fix the YAML syntax (indentation, ':' after keys).";
    private static final Set<String> KEYS = Set.of("id", "name", "module", "chip", "flash", "firmware", "commands",
            "serialTakenByModule", "calibration", "template");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Tasmota's calibration commands and the config key holding each reference value. */
    private static final Map<String, String> CALIBRATION = Map.of(
            "PowerSet", "flashline.calibration.power",
            "VoltageSet", "flashline.calibration.voltage",
            "CurrentSet", "flashline.calibration.current");

    private final Map<String, DeviceProfile> byId;

    private DeviceProfiles(Map<String, DeviceProfile> byId) {
        this.byId = byId;
    }

    /** Where the built-in profiles (config/profiles.yaml as shipped) are inside the jar. */
    static final String BUILT_IN = "/config/" + FILE;

    /**
     * The built-in profiles, then those of {@code configDir}'s profiles.yaml and profiles.local.yaml;
     * an id defined again replaces the earlier one. A --config folder without profile files still has
     * the built-in Sonoffs.
     */
    public static DeviceProfiles load(Path configDir) {
        Map<String, DeviceProfile> all = new LinkedHashMap<>();
        try (java.io.InputStream in = DeviceProfiles.class.getResourceAsStream(BUILT_IN)) {
            if (in != null) {
                for (DeviceProfile p : read(YamlFile.parse(TextFile.of(Path.of("(built-in) " + FILE), in.readAllBytes(), HOLDS),
                        SYNTAX_HINT))) {
                    all.put(p.id(), p);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read the built-in profiles from the jar", e);
        }
        for (String name : List.of(FILE, LOCAL_FILE)) {
            Path file = configDir.resolve(name);
            if (Files.isRegularFile(file)) {
                for (DeviceProfile p : read(file)) {
                    all.put(p.id(), p);
                }
            }
        }
        return new DeviceProfiles(all);
    }

    public List<DeviceProfile> all() {
        return List.copyOf(byId.values());
    }

    public Optional<DeviceProfile> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id.trim()));
    }

    /** The profile named by {@code where} (a config key or a devices.csv row), or a clear error listing the known ids. */
    public DeviceProfile require(String id, String where) {
        return find(id).orElseThrow(() -> FlashlineException.badInput(where + " names profile '" + id + "', which is not defined",
                "Known profiles: " + String.join(", ", byId.keySet()) + ". Define your own in config/" + LOCAL_FILE + "."));
    }

    /**
     * The profile of one device: its devices.csv row's, else the batch's (flashline.profile), else
     * none (empty: no profile, the device keeps the module settings of config and devices.csv).
     */
    public Optional<DeviceProfile> forDevice(String mac, DeviceManifest manifest, ProvisioningSettings settings) {
        Optional<String> row = manifest.profileFor(mac);
        if (row.isPresent()) {
            return Optional.of(require(row.get(), manifest.where(mac) + ": the row of " + mac));
        }
        return settings.profile() == null ? Optional.empty()
                : Optional.of(require(settings.profile(), "flashline.profile"));
    }

    /** At start: every profile the config and devices.csv name must exist. */
    public void checkReferences(DeviceManifest manifest, ProvisioningSettings settings) {
        checkReferences(manifest, settings, ConfigLocation.DEFAULT);
    }

    /** As {@link #checkReferences(DeviceManifest, ProvisioningSettings)}, naming the file and line of each reference. */
    public void checkReferences(DeviceManifest manifest, ProvisioningSettings settings, ConfigLocation where) {
        if (settings.profile() != null) {
            require(settings.profile(), where == ConfigLocation.DEFAULT ? "flashline.profile"
                    : where.of("flashline.profile") + ": flashline.profile");
        }
        for (String mac : manifest.macs()) {
            manifest.profileFor(mac).ifPresent(id -> require(id, manifest.where(mac) + ": the row of " + mac));
        }
    }

    /**
     * The calibration commands to send over MQTT once the device is online with its reference load
     * attached: those the profile supports whose reference value is configured
     * (flashline.calibration.power in W, .voltage in V, .current in mA).
     */
    public static List<String> calibrationCommands(DeviceProfile profile, Map<String, String> config) {
        List<String> commands = new ArrayList<>();
        for (String command : profile.calibration()) {
            String key = CALIBRATION.get(command);
            String value = config.get(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            BigDecimal number;
            try {
                number = new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                number = null;
            }
            if (number == null || number.signum() <= 0) {
                throw FlashlineException.badInput(key + " is '" + value + "' in config/application.properties",
                        "Write the reference load's value as a positive number (" + command + ": "
                        + ("PowerSet".equals(command) ? "watts" : "VoltageSet".equals(command) ? "volts" : "milliamperes") + ").");
            }
            commands.add(command + " " + number.toPlainString());
        }
        return commands;
    }

    private static List<DeviceProfile> read(Path file) {
        return read(YamlFile.read(file, HOLDS, SYNTAX_HINT));
    }

    private static List<DeviceProfile> read(YamlFile yaml) {
        JsonNode root = yaml.root();
        if (root == null || !root.path("profiles").isArray()) {
            throw fail(yaml, "", root == null ? "is empty" : "has no top-level 'profiles:' list",
                    "Start it with 'profiles:' followed by '- id: …' entries.");
        }
        List<DeviceProfile> list = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        int index = 0;
        for (JsonNode node : root.get("profiles")) {
            index++;
            DeviceProfile p = profile(yaml, node, index);
            if (!ids.add(p.id())) {
                throw fail(yaml, "/profiles/" + (index - 1), "defines profile '" + p.id() + "' twice",
                        "Keep one; ids must be unique within a file.");
            }
            list.add(p);
        }
        return list;
    }

    private static DeviceProfile profile(YamlFile file, JsonNode node, int index) {
        String at = "/profiles/" + (index - 1);
        if (!node.isObject()) {
            throw fail(file, at, "entry " + index + " is not a mapping", "Write each profile as '- id: …' with its keys below.");
        }
        String id = node.path("id").asText("").trim();
        if (!ID.matcher(id).matches()) {
            throw fail(file, at + "/id", "entry " + index + " has id '" + id + "'", "Use lower-case letters, digits, '.', '_' and '-', e.g. sonoff-basic.");
        }
        String label = "profile '" + id + "'";
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw fail(file, at + "/" + key, label + " has unknown key '" + key + "'", "Known keys: " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
        }
        JsonNode module = node.path("module");
        if (!module.canConvertToInt() || module.asInt() < 0 || module.asInt() > 255 || !module.isIntegralNumber()) {
            throw fail(file, at + "/module", label + " has module '" + module.asText() + "'", "Write Tasmota's module number (1 = Sonoff Basic, 43 = Sonoff Pow R2).");
        }
        String chip = node.path("chip").asText("").trim().toLowerCase(Locale.ROOT);
        if (ProfileChip.ofKey(chip).isEmpty()) {
            throw fail(file, at + "/chip", label + " has chip '" + chip + "'", "Write " + ProfileChip.keys()
                    + " (chip-info reports ESP8266EX, ESP8285, ESP32 or ESP32-C3 for this model).");
        }
        String template = template(file, at + "/template", label, node.path("template"));
        if (template != null && module.asInt() != 0) {
            throw fail(file, at + "/module", label + " has a template and module " + module.asInt(),
                    "Tasmota runs a template only as module 0: write module: 0 (the template's BASE names the base module).");
        }
        OptionalInt flash = FlashSizes.parse(node.path("flash").asText(""));
        if (flash.isEmpty()) {
            throw fail(file, at + "/flash", label + " has flash '" + node.path("flash").asText("") + "'", "Write it as 1MB, 2MB, 4MB or 512KB.");
        }
        String firmware = node.path("firmware").asText("").trim();
        if (firmware.isEmpty()) {
            throw fail(file, at, label + " has no 'firmware'", "Name the catalog build to prefer, e.g. firmware: tasmota.");
        }
        List<String> commands = strings(file, at, label, node, "commands");
        List<String> calibration = strings(file, at, label, node, "calibration");
        for (String c : calibration) {
            if (!CALIBRATION.containsKey(c)) {
                throw fail(file, at + "/calibration", label + " lists calibration '" + c + "'", "Use PowerSet, VoltageSet and/or CurrentSet.");
            }
        }
        JsonNode serial = node.path("serialTakenByModule");
        if (!serial.isMissingNode() && !serial.isBoolean()) {
            throw fail(file, at + "/serialTakenByModule", label + " has serialTakenByModule '" + serial.asText() + "'", "Write true or false.");
        }
        String name = node.path("name").asText(id).trim();
        return new DeviceProfile(id, name, module.asInt(), chip, flash.getAsInt(), firmware, commands,
                serial.asBoolean(false), calibration, template);
    }

    /**
     * A Tasmota template, written as a JSON string or as a YAML mapping: an object with NAME, a GPIO
     * list of numbers and BASE, as Tasmota's Template command takes it. Returned as compact JSON.
     */
    private static String template(YamlFile file, String at, String label, JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        JsonNode node = value;
        if (value.isTextual()) {
            try {
                node = new ObjectMapper().readTree(value.asText());
            } catch (JsonProcessingException e) {
                node = null;
            }
        }
        String hint = "Write Tasmota's template JSON in single quotes, e.g. template: '{\"NAME\":\"Sonoff MINIR4\",\"GPIO\":[32,0,...],"
                + "\"FLAG\":0,\"BASE\":1}' (templates.blakadder.com lists them).";
        if (node == null || !node.isObject()) {
            throw fail(file, at, label + " has a template that is not a JSON object", hint);
        }
        JsonNode gpio = node.path("GPIO");
        boolean numbers = gpio.isArray() && gpio.size() > 0;
        for (JsonNode g : gpio) {
            numbers &= g.isIntegralNumber() && g.asInt() >= 0;
        }
        if (!node.path("NAME").isTextual() || !numbers || !node.path("BASE").isIntegralNumber()) {
            throw fail(file, at, label + " has a template without NAME, a GPIO list of numbers or BASE", hint);
        }
        return node.toString();
    }

    private static List<String> strings(YamlFile file, String at, String label, JsonNode node, String key) {
        JsonNode list = node.path(key);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw fail(file, at + "/" + key, label + " has '" + key + "' that is not a list", "Write it as [A, B] or as '- A' lines.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw fail(file, at + "/" + key, label + " has an empty or nested item in '" + key + "'", "Each item is one Tasmota command.");
            }
            out.add(item.asText().trim());
        }
        return List.copyOf(out);
    }

    private static FlashlineException fail(YamlFile file, String pointer, String what, String hint) {
        return file.fail(pointer, what, hint);
    }
}

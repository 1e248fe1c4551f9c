package dev.flashline.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.input.YamlFile;
import dev.flashline.units.ByteSize;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and checks catalog.yaml. Every complaint names the file, the entry and what to change,
 * because the person reading it is editing that file.
 */
final class CatalogReader {
    private static final Set<String> KEYS = Set.of(
            "name", "version", "chip", "minFlash", "url", "file", "sha256", "default", "description");
    private static final Set<String> CHIPS = Set.of("esp8266", "esp8285", "esp32", "esp32c3", "any");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    static final String HOLDS = "the firmware catalog (a 'firmware:' list of builds)";
    /** The largest flash chip any supported device carries. */
    private static final long MAX_FLASH = 16L << 20;
    private final Path catalogFile;
    private YamlFile yaml;
    /** The line each entry starts on, by name. */
    private final java.util.Map<String, Integer> lines = new java.util.HashMap<>();
    /** The entry being read, as a JSON pointer ("/firmware/2"), so that complaints name its line. */
    private String base = "";

    CatalogReader(Path catalogFile) {
        this.catalogFile = catalogFile.toAbsolutePath().normalize();
    }

    /** "FILE:LINE" where entry {@code name} starts (after {@link #read()}). */
    String where(String name) {
        return catalogFile + ":" + lines.getOrDefault(name, 0);
    }

    List<FirmwareEntry> read() {
        JsonNode root = parse();
        base = "";
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fail("is empty", "List the builds under a top-level 'firmware:' key.");
        }
        if (!root.isObject() || !root.has("firmware")) {
            throw fail("has no top-level 'firmware:' list", "Start the file with 'firmware:' followed by '- name: …' entries.");
        }
        JsonNode list = root.get("firmware");
        base = "/firmware";
        if (!list.isArray() || list.isEmpty()) {
            throw fail("'firmware:' must be a non-empty list", "Each entry starts with '- name: …'.");
        }
        List<FirmwareEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (JsonNode node : list) {
            index++;
            base = "/firmware/" + (index - 1);
            FirmwareEntry entry = entry(node, index);
            if (!names.add(entry.name())) {
                throw fail("lists firmware '" + entry.name() + "' twice (entry " + index + ")",
                        "Give every entry its own name; pipelines select builds by name.");
            }
            entries.add(entry);
            lines.put(entry.name(), yaml.line(base));
        }
        return List.copyOf(entries);
    }

    private JsonNode parse() {
        if (!Files.exists(catalogFile)) {
            throw FlashlineException.badInput("Firmware catalog " + catalogFile + " does not exist",
                    "Create it, or point flashline at the folder holding catalog.yaml.");
        }
        yaml = YamlFile.read(catalogFile, HOLDS, "Fix the YAML syntax (indentation, ':' after keys, quoting).");
        return yaml.root();
    }

    private FirmwareEntry entry(JsonNode node, int index) {
        if (!node.isObject()) {
            throw fail("entry " + index + " is not a mapping", "Write each entry as '- name: …' with its keys below it.");
        }
        String label = "entry " + index;
        String name = text(node, "name", label);
        if (name == null) {
            throw fail(label + " has no 'name'", "Add 'name: <build name>' to it.");
        }
        if (!NAME.matcher(name).matches()) {
            throw fail(label + " has name '" + name + "'", "Use letters, digits, '.', '_' and '-' only.");
        }
        label = "entry '" + name + "'";
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw failAt(key, label + " has unknown key '" + key + "'", "Known keys: " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
        }
        String version = required(node, "version", label, "Add 'version: <release>' (as the firmware reports it).");
        String chip = required(node, "chip", label, "Add 'chip: esp8266', 'esp8285', 'esp32', 'esp32c3' or 'any'.").toLowerCase(Locale.ROOT);
        if (!CHIPS.contains(chip)) {
            throw failAt("chip", label + " has unknown chip '" + chip + "'",
                    "Use esp8266 (also runs on ESP8285), esp8285, esp32, esp32c3 or any.");
        }
        String minFlashText = required(node, "minFlash", label, "Add 'minFlash: 1MB' (the smallest flash the build fits).");
        OptionalLong minFlash = ByteSize.tryParse(minFlashText);
        if (minFlash.isEmpty() || minFlash.getAsLong() <= 0 || minFlash.getAsLong() > MAX_FLASH) {
            throw failAt("minFlash", label + " has minFlash '" + minFlashText + "'", "Write the smallest flash the build fits, from 512KB to 16MB (e.g. 1MB, 4MB).");
        }
        String urlText = text(node, "url", label);
        String fileText = text(node, "file", label);
        if ((urlText == null) == (fileText == null)) {
            throw fail(label + (urlText == null ? " has neither 'url' nor 'file'" : " has both 'url' and 'file'"),
                    "Give exactly one: 'url: https://…' (or file:…, demo:…) or 'file: <path relative to the catalog>'.");
        }
        URI url = urlText == null ? null : url(urlText, label);
        Path file = fileText == null ? null : catalogFile.getParent().resolve(fileText).normalize();
        boolean demo = url != null && "demo".equals(url.getScheme());
        // A download without a sha256 is listed but unusable until `flashline firmware fetch` pins it.
        boolean pinLater = demo || (url != null && url.getScheme().toLowerCase(Locale.ROOT).startsWith("http"));
        String sha256 = sha256(node, label, pinLater);
        boolean isDefault = flag(node, "default", label);
        String description = text(node, "description", label);
        return new FirmwareEntry(name, version, chip, (int) minFlash.getAsLong(), url, file, sha256, isDefault,
                description == null ? "" : description, catalogFile);
    }

    private URI url(String text, String label) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw failAt("url", label + " has an invalid url '" + text + "'", "Write a full URL such as https://host/path/file.bin.");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "http", "https" -> {
                if (url.getHost() == null) {
                    throw failAt("url", label + " has url '" + text + "' without a host", "Write it as http(s)://host/path.");
                }
            }
            case "file" -> {
                if (url.getPath() == null) {
                    throw failAt("url", label + " has url '" + text + "' without a path", "Write it as file:/absolute/path.bin.");
                }
            }
            case "demo" -> {
                if (url.getSchemeSpecificPart() == null || url.getSchemeSpecificPart().isBlank()) {
                    throw failAt("url", label + " has url 'demo:' without a version", "Write it as demo:<version>, e.g. demo:14.3.0(demo).");
                }
            }
            default -> throw failAt("url", label + " has url '" + text + "' with an unsupported scheme",
                    "Use http://, https://, file: or demo:.");
        }
        return url;
    }

    private String sha256(JsonNode node, String label, boolean optional) {
        if (!node.has("sha256")) {
            if (optional) {
                return null;
            }
            throw fail(label + " has no 'sha256'",
                    "Add 'sha256: <64 hex digits>' (sha256sum FILE), or give a https:// url and pin it with `flashline firmware fetch NAME`.");
        }
        JsonNode value = node.get("sha256");
        if (value.isNull()) {
            return null;
        }
        String text = value.asText().trim();
        if (!value.isTextual() || !SHA256.matcher(text).matches()) {
            throw failAt("sha256", label + " has sha256 '" + text + "'", "A sha256 is exactly 64 hex digits, as printed by sha256sum.");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private boolean flag(JsonNode node, String key, String label) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw failAt(key, label + " has " + key + " '" + value.asText() + "'", "Write '" + key + ": true' or leave it out.");
        }
        return value.booleanValue();
    }

    private String required(JsonNode node, String key, String label, String hint) {
        String value = text(node, key, label);
        if (value == null) {
            throw fail(label + " has no '" + key + "'", hint);
        }
        return value;
    }

    /** A scalar as text (YAML turns 14.3 into a number; the catalog means the text), or null. */
    private String text(JsonNode node, String key, String label) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw failAt(key, label + " has a list or mapping for '" + key + "'", "Write '" + key + "' as a single value.");
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private FlashlineException fail(String what, String hint) {
        return yaml.fail(base, what, hint);
    }

    private FlashlineException failAt(String key, String what, String hint) {
        return yaml.fail(base + "/" + key, what, hint);
    }
}

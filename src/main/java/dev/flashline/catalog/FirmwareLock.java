package dev.flashline.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flashline.errors.FlashlineException;
import dev.flashline.input.YamlFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * firmware-catalog/catalog.lock.yaml: the pins written by {@code flashline firmware fetch} and
 * {@code add}, one per catalog entry name. Written whole (temp file, then rename), so a crash leaves
 * the old lock or the new one, never half of one.
 */
public final class FirmwareLock {
    public static final String FILE_NAME = "catalog.lock.yaml";
    private static final String HEADER = """
            # flashline firmware pins, written by `flashline firmware fetch` and `flashline firmware add`.
            # One entry per catalog build: the exact file `run` installs (file, relative to this folder),
            # its sha256 and size, where it came from (url), when it was pinned and why it was trusted:
            #   digest    - the release's published sha256 matched the download
            #   first-use - the release published no digest; the operator accepted the hash shown (--trust)
            #   local     - added from a local file
            # A .bin.gz download keeps its own hash under 'packed'. Do not edit by hand: fetch or add again.
            """;

    static final String HOLDS = "the firmware pins (a 'pins:' list written by flashline firmware fetch / add)";
    private static final String REPAIR =
            "Restore it from version control, or delete it and pin the builds again (flashline firmware fetch NAME).";
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    private final Path file;
    private final Map<String, FirmwarePin> pins;
    private final Map<String, Integer> lines;

    private FirmwareLock(Path file, Map<String, FirmwarePin> pins, Map<String, Integer> lines) {
        this.file = file;
        this.pins = pins;
        this.lines = lines;
    }

    /** The lock beside {@code catalogYaml}; empty when there is none yet. */
    public static FirmwareLock beside(Path catalogYaml) {
        Path file = catalogYaml.toAbsolutePath().normalize().resolveSibling(FILE_NAME);
        Map<String, FirmwarePin> pins = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        if (Files.exists(file)) {
            YamlFile yaml = YamlFile.read(file, HOLDS, REPAIR);
            JsonNode root = yaml.root();
            if (root == null) {
                throw yaml.fail("", "is empty; flashline never writes an empty lock", REPAIR);
            }
            JsonNode list = root.get("pins");
            if (!root.isObject() || list == null || !list.isArray()) {
                throw yaml.fail("", "has no 'pins:' list", REPAIR);
            }
            YAMLMapper mapper = mapper();
            for (int i = 0; i < list.size(); i++) {
                String at = "/pins/" + i;
                FirmwarePin pin;
                try {
                    pin = list.get(i).isObject() ? mapper.treeToValue(list.get(i), FirmwarePin.class) : null;
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                            ? m.getPath().get(m.getPath().size() - 1).getFieldName() : null;
                    throw yaml.fail(field == null ? at : at + "/" + field, "pin " + (i + 1) + " has a value of the wrong type"
                            + (field == null ? "" : " for '" + field + "'") + " (size is a number of bytes, the others are text)",
                            REPAIR);
                }
                if (pin == null) {
                    throw yaml.fail(at, "pin " + (i + 1) + " is not a mapping of name, version, file, sha256, size",
                            REPAIR);
                }
                if (pin.name() == null || pin.name().isBlank() || pin.version() == null || pin.version().isBlank()) {
                    throw yaml.fail(at, "pin " + (i + 1) + " lacks its name or version", REPAIR);
                }
                if (pin.sha256() == null || !SHA256.matcher(pin.sha256()).matches()) {
                    throw yaml.fail(at + "/sha256", "pin '" + pin.name() + "' has sha256 '" + pin.sha256()
                            + "', not 64 hex digits", REPAIR);
                }
                if (pin.size() < 0 || (pin.file() != null && (pin.file().isBlank() || Path.of(pin.file()).isAbsolute()
                        || Path.of(pin.file()).normalize().startsWith("..")))) {
                    throw yaml.fail(at, "pin '" + pin.name() + "' has size " + pin.size() + " and file '" + pin.file()
                            + "' (a file in this folder is expected)", REPAIR);
                }
                if (pins.put(pin.name(), pin) != null) {
                    throw yaml.fail(at, "pins '" + pin.name() + "' twice", REPAIR);
                }
                lines.put(pin.name(), yaml.line(at));
            }
        }
        return new FirmwareLock(file, pins, lines);
    }

    /** "FILE:LINE" of the pin of {@code name}. */
    String where(String name) {
        return file + ":" + lines.getOrDefault(name, 0);
    }

    /** "FILE:LINE: what" about the pin of {@code name}. */
    FlashlineException fail(String name, String what, String hint) {
        return FlashlineException.badInput(file + ":" + lines.getOrDefault(name, 0) + ": " + what, hint);
    }

    public Path file() {
        return file;
    }

    public Path folder() {
        return file.getParent();
    }

    public Optional<FirmwarePin> pin(String name) {
        return Optional.ofNullable(pins.get(name));
    }

    public List<FirmwarePin> pins() {
        return List.copyOf(pins.values());
    }

    /** Records (or replaces) the pin for {@code pin.name()} and writes the file. */
    public void put(FirmwarePin pin) {
        pins.put(pin.name(), pin);
        write();
    }

    private void write() {
        try {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("pins", new ArrayList<>(pins.values()));
            String text = HEADER + mapper().writeValueAsString(root).replaceFirst("^---\\s*\\n", "");
            Files.createDirectories(folder());
            Path temp = Files.createTempFile(folder(), ".catalog.lock-", ".part");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot write firmware lock " + file + ": " + e.getMessage(),
                    "Check that the catalog folder is writable.");
        }
    }

    private static YAMLMapper mapper() {
        YAMLMapper mapper = new YAMLMapper(new YAMLFactory()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }
}

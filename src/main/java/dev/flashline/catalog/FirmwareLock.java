package dev.flashline.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flashline.errors.FlashlineException;
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

    private final Path file;
    private final Map<String, FirmwarePin> pins;

    private FirmwareLock(Path file, Map<String, FirmwarePin> pins) {
        this.file = file;
        this.pins = pins;
    }

    /** The lock beside {@code catalogYaml}; empty when there is none yet. */
    public static FirmwareLock beside(Path catalogYaml) {
        Path file = catalogYaml.toAbsolutePath().normalize().resolveSibling(FILE_NAME);
        Map<String, FirmwarePin> pins = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            YAMLMapper yaml = mapper();
            try {
                JsonNode root = yaml.readTree(Files.readString(file));
                JsonNode list = root == null ? null : root.get("pins");
                if (list != null && list.isArray()) {
                    for (JsonNode node : list) {
                        FirmwarePin pin = yaml.treeToValue(node, FirmwarePin.class);
                        if (pin.name() == null || pin.sha256() == null || pin.version() == null) {
                            throw new IOException("a pin lacks name, version or sha256");
                        }
                        pins.put(pin.name(), pin);
                    }
                }
            } catch (JsonProcessingException e) {
                throw FlashlineException.badInput("Firmware lock " + file + " is not valid: " + e.getOriginalMessage(),
                        "Restore it from version control, or delete it and pin the builds again (flashline firmware fetch NAME).");
            } catch (IOException e) {
                throw FlashlineException.badInput("Cannot read firmware lock " + file + ": " + e.getMessage(),
                        "Restore it from version control, or delete it and pin the builds again (flashline firmware fetch NAME).");
            }
        }
        return new FirmwareLock(file, pins);
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

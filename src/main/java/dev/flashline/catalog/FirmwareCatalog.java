package dev.flashline.catalog;

import dev.flashline.errors.FlashlineException;
import dev.flashline.units.ByteSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The firmware builds a station may install, read from catalog.yaml. Choosing a build is a pure
 * function of the catalog and what chip-info reported.
 */
public final class FirmwareCatalog {
    private final Path file;
    private final List<FirmwareEntry> declared;
    private final List<FirmwareEntry> entries;
    private final FirmwareLock lock;
    private final java.util.function.UnaryOperator<String> where;

    private FirmwareCatalog(Path file, List<FirmwareEntry> declared, FirmwareLock lock, java.util.function.UnaryOperator<String> where) {
        this.file = file;
        this.where = where;
        this.declared = declared;
        this.lock = lock;
        this.entries = declared.stream().map(e -> lock.pin(e.name()).map(p -> pinned(e, p)).orElse(e)).toList();
    }

    /**
     * Reads and checks the catalog and the pins beside it (catalog.lock.yaml); any problem is a
     * BAD_INPUT error naming the file and entry. A pinned entry stands for its pinned file.
     */
    public static FirmwareCatalog load(Path catalogYaml) {
        CatalogReader reader = new CatalogReader(catalogYaml);
        List<FirmwareEntry> declared = reader.read();
        FirmwareLock lock = FirmwareLock.beside(catalogYaml);
        for (FirmwarePin pin : lock.pins()) {
            if (declared.stream().noneMatch(e -> e.name().equals(pin.name()))) {
                throw lock.fail(pin.name(), "pins '" + pin.name() + "', which " + catalogYaml.getFileName() + " does not list",
                        "Add the entry back to the catalog, or delete this pin (then pin again what you need with"
                        + " flashline firmware fetch NAME).");
            }
        }
        return new FirmwareCatalog(catalogYaml.toAbsolutePath().normalize(), declared, lock, reader::where);
    }

    /** The entry with its pin applied: the checked file when it is there, else the pinned URL and hash. */
    private FirmwareEntry pinned(FirmwareEntry e, FirmwarePin pin) {
        Path pinnedFile = pin.file() == null ? null : lock.folder().resolve(pin.file()).normalize();
        boolean cached = pinnedFile != null && Files.isRegularFile(pinnedFile);
        java.net.URI url = cached || pin.packed() != null || pin.url() == null ? null : java.net.URI.create(pin.url());
        Path use = url == null ? pinnedFile : null;
        return new FirmwareEntry(e.name(), pin.version(), e.chip(), e.minFlashBytes(), url, use, pin.sha256(),
                e.isDefault(), e.description(), e.catalogFile());
    }

    /** The entries as catalog.yaml writes them, before pins. */
    public Optional<FirmwareEntry> declared(String name) {
        return declared.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** "FILE:LINE" where the entry {@code name} is written: its pin in the lock if pinned, else its catalog entry. */
    public String where(String name) {
        return lock.pin(name).isPresent() ? lock.where(name) : where.apply(name);
    }

    public FirmwareLock lock() {
        return lock;
    }

    /**
     * Where an entry's pin comes from: "lock" (catalog.lock.yaml), "catalog" (a sha256 written in
     * catalog.yaml), "demo" (the generated demo build, checked when it is built), or null: not pinned.
     */
    public String pinSource(FirmwareEntry entry) {
        if (lock.pin(entry.name()).isPresent()) {
            return "lock";
        }
        if (entry.source() == FirmwareEntry.Source.DEMO) {
            return "demo";
        }
        return entry.sha256() != null ? "catalog" : null;
    }

    /**
     * The check `run` makes before it installs a build (and should make at start, before any device
     * is powered): only pinned builds, or the generated demo build, may be installed.
     */
    public FirmwareEntry requirePinned(FirmwareEntry entry) {
        if (pinSource(entry) == null) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "' is not pinned; flashline installs only pinned builds",
                    "Run `flashline firmware fetch " + entry.name() + "` (downloads, checks and pins it) or "
                    + "`flashline firmware add FILE --name " + entry.name() + "@VERSION`.");
        }
        return entry;
    }

    public Path file() {
        return file;
    }

    /** In file order. */
    public List<FirmwareEntry> entries() {
        return entries;
    }

    public Optional<FirmwareEntry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The build to install: the one named {@code preferredName} if given (it must fit), otherwise the
     * first entry marked {@code default: true} that fits the chip and flash size.
     *
     * @param chip "ESP8266EX", "ESP8285", "ESP32" or "ESP32-C3", as chip-info reports it
     * @param preferredName one build, or a comma-separated list (one per chip of a mixed line), or null
     */
    public FirmwareEntry select(String chip, int flashSizeBytes, String preferredName) {
        String device = chip + " with " + ByteSize.format(flashSizeBytes) + " flash";
        if (preferredName != null && preferredName.contains(",")) {
            // a mixed line names one build per chip ("tasmota, tasmota32, tasmota32c3"): the first for this chip
            List<String> names = java.util.Arrays.stream(preferredName.split(",")).map(String::trim)
                    .filter(n -> !n.isEmpty()).toList();
            for (String name : names) {
                find(name).orElseThrow(() -> FlashlineException.badInput("Firmware '" + name + "' is not in " + file,
                        "Known builds: " + names(entries) + "."));
            }
            String forChip = names.stream().filter(n -> find(n).get().chipMatches(chip)).findFirst()
                    .orElseThrow(() -> FlashlineException.badInput("None of the builds named (" + String.join(", ", names)
                            + ") is for this " + device, "Add a build for this chip to the list: "
                            + names(fitting(chip, flashSizeBytes)) + "."));
            return select(chip, flashSizeBytes, forChip);
        }
        if (preferredName != null && !preferredName.isBlank()) {
            FirmwareEntry entry = find(preferredName.trim()).orElseThrow(() -> FlashlineException.badInput(
                    "Firmware '" + preferredName + "' is not in " + file,
                    "Known builds: " + names(entries) + "."));
            if (!entry.chipMatches(chip)) {
                throw FlashlineException.badInput("Firmware '" + entry.name() + "' is built for " + entry.chip()
                        + " and cannot run on this " + device, "Choose a build for this chip: " + names(fitting(chip, flashSizeBytes)) + ".");
            }
            if (flashSizeBytes < entry.minFlashBytes()) {
                throw FlashlineException.badInput("Firmware '" + entry.name() + "' needs at least "
                        + ByteSize.format(entry.minFlashBytes()) + " flash; this device is an " + device,
                        "Choose a smaller build: " + names(fitting(chip, flashSizeBytes)) + ".");
            }
            return entry;
        }
        return entries.stream()
                .filter(e -> e.isDefault() && e.fits(chip, flashSizeBytes))
                .findFirst()
                .orElseThrow(() -> FlashlineException.badInput(
                        "No default firmware in " + file + " fits an " + device,
                        fitting(chip, flashSizeBytes).isEmpty()
                                ? "Add a build for this chip and flash size to the catalog."
                                : "Name one (" + names(fitting(chip, flashSizeBytes)) + ") or mark one 'default: true'."));
    }

    private List<FirmwareEntry> fitting(String chip, int flashSizeBytes) {
        return entries.stream().filter(e -> e.fits(chip, flashSizeBytes)).toList();
    }

    private static String names(List<FirmwareEntry> list) {
        return list.isEmpty() ? "none" : list.stream().map(FirmwareEntry::name).collect(Collectors.joining(", "));
    }
}

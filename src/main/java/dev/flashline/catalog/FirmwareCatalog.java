package dev.flashline.catalog;

import dev.flashline.errors.FlashlineException;
import dev.flashline.units.ByteSize;
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
    private final List<FirmwareEntry> entries;

    private FirmwareCatalog(Path file, List<FirmwareEntry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Reads and checks the catalog; any problem is a BAD_INPUT error naming the file and entry. */
    public static FirmwareCatalog load(Path catalogYaml) {
        CatalogReader reader = new CatalogReader(catalogYaml);
        return new FirmwareCatalog(catalogYaml.toAbsolutePath().normalize(), reader.read());
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
     * @param chip "ESP8266EX" or "ESP8285", as chip-info reports it
     */
    public FirmwareEntry select(String chip, int flashSizeBytes, String preferredName) {
        String device = chip + " with " + ByteSize.format(flashSizeBytes) + " flash";
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

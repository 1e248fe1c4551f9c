package dev.flashline.catalog;

import dev.flashline.errors.FlashlineException;
import dev.flashline.image.Esp32Firmware;
import dev.flashline.image.Esp32Image;
import dev.flashline.image.Esp8266Image;
import dev.flashline.image.ImageChip;
import dev.flashline.image.PartitionTable;
import dev.flashline.units.ByteSize;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalog's check of a Tasmota32 build (an entry with chip esp32 or esp32c3) before it is
 * pinned: which chip the file is built for (the extended header's chip id), then the whole
 * deliverable as {@link Esp32Firmware} reads it (factory image: bootloader, partition table and
 * app; or the app-only image written at 0x10000: segments, checksum, appended SHA-256), then
 * that it fits the entry's flash. Tasmota's marker and version are checked by the caller.
 */
final class Tasmota32ImageCheck {
    private Tasmota32ImageCheck() {
    }

    /** The ESP32-family chip a catalog entry's {@code chip} names, if it names one. */
    static Optional<ImageChip> forEntry(String entryChip) {
        return switch (entryChip == null ? "" : entryChip.toLowerCase(Locale.ROOT)) {
            case "esp32" -> Optional.of(ImageChip.ESP32);
            case "esp32c3" -> Optional.of(ImageChip.ESP32C3);
            default -> Optional.empty();
        };
    }

    /**
     * The ESP32-family chip the file is built for, read from the header where each deliverable keeps
     * it (a factory image's bootloader, an app-only image's own header); empty for anything else
     * (an ESP8266 image has no extended header: its byte 23 is segment data, its entry lies in IRAM
     * at 0x4010xxxx).
     */
    static Optional<ImageChip> builtFor(byte[] file) {
        if (PartitionTable.present(file, PartitionTable.OFFSET)) {
            for (ImageChip chip : ImageChip.values()) {
                Optional<ImageChip> found = chipAt(file, chip.bootloaderOffset());
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (file.length >= Esp32Image.HEADER_SIZE && Esp8266Image.isEsp8266Address(Esp8266Image.le32(file, 4))) {
            return Optional.empty();
        }
        return chipAt(file, 0);
    }

    private static Optional<ImageChip> chipAt(byte[] file, int at) {
        if (at + Esp32Image.HEADER_SIZE > file.length || (file[at] & 0xFF) != Esp32Image.MAGIC
                || (file[at + 23] & 0xFF) > 1) {
            return Optional.empty();
        }
        return ImageChip.fromChipId((file[at + 12] & 0xFF) | (file[at + 13] & 0xFF) << 8);
    }

    /**
     * Validates {@code image} for the entry's chip; throws bad input naming the chip the file is for
     * when it is another one, and what to do.
     */
    static Esp32Firmware check(byte[] image, String label, FirmwareEntry entry, ImageChip chip) {
        Optional<ImageChip> builtFor = builtFor(image);
        if (builtFor.isPresent() && builtFor.get() != chip) {
            throw FlashlineException.badInput(label + " is a " + builtFor.get().tasmotaBuild() + " build for the "
                    + builtFor.get().displayName() + ", but catalog entry '" + entry.name() + "' is for the "
                    + chip.displayName() + "; nothing was pinned",
                    "Use the " + chip.displayName() + " build (" + chip.tasmotaBuild() + ".factory.bin or "
                    + chip.tasmotaBuild() + ".bin), or pin this file under an entry with chip: "
                    + builtFor.get().name().toLowerCase(Locale.ROOT) + ".");
        }
        if (builtFor.isEmpty() && image.length >= 8 && (image[0] & 0xFF) == Esp32Image.MAGIC
                && !PartitionTable.present(image, PartitionTable.OFFSET)) {
            throw FlashlineException.badInput(label + " is an ESP8266 image, but catalog entry '" + entry.name()
                    + "' is for the " + chip.displayName() + "; nothing was pinned",
                    "Use the " + chip.displayName() + " build (" + chip.tasmotaBuild() + ".factory.bin or "
                    + chip.tasmotaBuild() + ".bin), or pin this file under an esp8266 entry (tasmota).");
        }
        Esp32Firmware firmware = Esp32Firmware.inspect(image, label, chip);
        long end = (long) firmware.flashOffset() + image.length;
        if (end > entry.minFlashBytes()) {
            throw FlashlineException.badInput(String.format("%s ends at flash offset 0x%X (written at 0x%X); entry '%s' is "
                    + "for %s flash", label, end, firmware.flashOffset(), entry.name(), ByteSize.format(entry.minFlashBytes())),
                    "Use a build for this flash size or fix minFlash of '" + entry.name() + "' in " + entry.catalogFile() + ".");
        }
        firmware.partitionTable().flatMap(PartitionTable::bootApp).ifPresent(app -> {
            if (firmware.app().length() > app.size()) {
                throw FlashlineException.badInput(String.format("%s's app is %d bytes, but its partition table gives "
                        + "the app partition (%s) %d bytes", label, firmware.app().length(), app.label(), app.size()),
                        "The file is inconsistent: download the release's factory image again.");
            }
        });
        return firmware;
    }
}

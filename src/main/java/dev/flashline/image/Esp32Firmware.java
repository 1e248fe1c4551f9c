package dev.flashline.image;

import dev.flashline.errors.FlashlineException;
import java.util.Optional;

/**
 * What an ESP32-family firmware file is and where it goes, checked against the device's chip
 * before anything is written. Tasmota32 ships two deliverables: the factory image (bootloader at
 * 0x1000 on the ESP32 / 0x0 on the ESP32-C3, partition table at 0x8000, app at 0x10000; written
 * at 0) and the app-only image (written at 0x10000 on a device already partitioned).
 */
public record Esp32Firmware(Kind kind, ImageChip chip, int flashOffset, Esp32Image app,
        Optional<Esp32Image> bootloader, Optional<PartitionTable> partitionTable) {

    public enum Kind { FACTORY, APP_ONLY }

    public static final int APP_OFFSET = 0x10000;

    /** Classifies and validates {@code file} for {@code chip}; any mismatch is a clear bad-input error. */
    public static Esp32Firmware inspect(byte[] file, String name, ImageChip chip) {
        if (file.length >= 2 && (file[0] & 0xFF) == 0x1F && (file[1] & 0xFF) == 0x8B) {
            throw FlashlineException.badInput(name + " is gzip-compressed",
                    "Decompress it first (gunzip), or use the .bin rather than the .bin.gz.");
        }
        if (PartitionTable.present(file, PartitionTable.OFFSET)) {
            return factory(file, name, chip);
        }
        if (file.length > 0 && (file[0] & 0xFF) == Esp32Image.MAGIC) {
            return appOnly(file, name, chip);
        }
        throw FlashlineException.badInput(name + " is neither a factory image (partition table at 0x8000) nor an "
                + "app image (magic 0xE9 at its start)", "Use " + chip.tasmotaBuild() + ".factory.bin for a first "
                + "flash, or " + chip.tasmotaBuild() + ".bin to replace the app of a device already running it.");
    }

    private static Esp32Firmware factory(byte[] file, String name, ImageChip chip) {
        int at = chip.bootloaderOffset();
        if (at >= file.length || (file[at] & 0xFF) != Esp32Image.MAGIC) {
            // look where the other chip keeps its bootloader, to name the chip the file is for
            for (ImageChip other : ImageChip.values()) {
                int o = other.bootloaderOffset();
                if (o != at && o < file.length && (file[o] & 0xFF) == Esp32Image.MAGIC) {
                    Esp32Image.parse(file, o, name).requireChip(chip, name);
                }
            }
            throw FlashlineException.badInput(String.format("%s has a partition table but no bootloader at 0x%X, where "
                    + "the %s looks for it", name, at, chip.displayName()),
                    "Use the " + chip.displayName() + " factory image (" + chip.tasmotaBuild() + ".factory.bin).");
        }
        Esp32Image boot = Esp32Image.parse(file, at, name).requireChip(chip, name);
        PartitionTable table = PartitionTable.parse(file, PartitionTable.OFFSET, name);
        PartitionTable.Partition appPart = table.bootApp().orElseThrow(() -> FlashlineException.badInput(
                name + "'s partition table has no app partition", "Use a Tasmota32 factory image."));
        if (appPart.offset() >= file.length || (file[appPart.offset()] & 0xFF) != Esp32Image.MAGIC) {
            throw FlashlineException.badInput(String.format("%s has no app image at 0x%X, where its partition table puts "
                    + "the app", name, appPart.offset()), "The file is truncated or damaged: download it again.");
        }
        Esp32Image app = Esp32Image.parse(file, appPart.offset(), name).requireChip(chip, name);
        return new Esp32Firmware(Kind.FACTORY, chip, 0, app, Optional.of(boot), Optional.of(table));
    }

    private static Esp32Firmware appOnly(byte[] file, String name, ImageChip chip) {
        int entry = Esp8266Image.le32(file, Math.min(4, Math.max(0, file.length - 4)));
        boolean noExtendedHeader = file.length < Esp32Image.HEADER_SIZE || (file[23] & 0xFF) > 1;
        if (file.length >= 8 && (noExtendedHeader || Esp8266Image.isEsp8266Address(entry))) {
            throw FlashlineException.badInput(name + " is an ESP8266 image, but the device is an " + chip.displayName(),
                    "Use the " + chip.displayName() + " build (for Tasmota: " + chip.tasmotaBuild() + ".bin). Nothing was written.");
        }
        Esp32Image app = Esp32Image.parse(file, 0, name).requireChip(chip, name);
        if (app.segments().stream().noneMatch(s -> flashMapped(chip, s.address()))) {
            throw FlashlineException.badInput(name + " has no flash-mapped segment: it is a bootloader, not an app",
                    "Write " + chip.tasmotaBuild() + ".factory.bin at 0, or the app " + chip.tasmotaBuild() + ".bin.");
        }
        return new Esp32Firmware(Kind.APP_ONLY, chip, APP_OFFSET, app, Optional.empty(), Optional.empty());
    }

    /** Instruction / data ranges the cache maps from flash (where an app's code and constants live). */
    static boolean flashMapped(ImageChip chip, int address) {
        long a = Integer.toUnsignedLong(address);
        if (chip == ImageChip.ESP32) {
            return (a >= 0x400D0000L && a < 0x40400000L) || (a >= 0x3F400000L && a < 0x3F800000L);
        }
        return (a >= 0x42000000L && a < 0x42800000L) || (a >= 0x3C000000L && a < 0x3C800000L);
    }

    /**
     * The bytes to write, with the bootloader header patched (a factory image only: the header
     * esptool patches is the one at the chip's bootloader offset; an app-only image is written as is).
     */
    public byte[] patched(byte[] file, Esp32HeaderPatch patch, String name) {
        if (kind != Kind.FACTORY || !patch.changesAnything()) {
            return file.clone();
        }
        return patch.apply(file, chip.bootloaderOffset() - flashOffset, name);
    }
}

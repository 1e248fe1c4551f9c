package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.chip.ChipFamily;
import dev.flashline.image.Esp32Firmware;
import dev.flashline.image.Esp32HeaderPatch;
import dev.flashline.image.Esp8266Image;
import dev.flashline.image.ImageChip;
import dev.flashline.image.PartitionTable;
import dev.flashline.image.FlashMode;
import dev.flashline.image.HeaderPatch;
import dev.flashline.chip.ChipInfo;
import dev.flashline.units.ByteSize;
import java.util.Arrays;

/**
 * Turns a file into the exact bytes to put in flash: checks that an image at offset 0 is a sound
 * ESP8266 image for this chip and fits, patches its header as asked, pads to a 4-byte multiple.
 */
public final class ImagePreparation {
    private ImagePreparation() {
    }

    public static byte[] prepare(byte[] file, String name, int offset, ChipInfo chip, String mode, String size) {
        if (offset < 0 || offset % 4 != 0) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, "Offset 0x" + Integer.toHexString(offset) + " is not 4-byte aligned",
                    Hint.of("Set {} to a 4-byte boundary; sector boundaries (multiples of 0x1000) are usual.", Setting.OFFSET));
        }
        if (file.length == 0) {
            throw new FlashlineException(ErrorCode.BAD_IMAGE, name + " is empty", "Give the firmware file to write.");
        }
        if ((long) offset + file.length > chip.flashSizeBytes()) {
            throw new FlashlineException(ErrorCode.BAD_IMAGE, String.format("%s (%d bytes at 0x%X) does not fit the %s flash of this %s",
                    name, file.length, offset, chip.flashSize(), chip.chip()),
                    Hint.of("Use a firmware build for " + chip.flashSize() + " flash (for Tasmota on 1MB: tasmota.bin or"
                            + " tasmota-lite.bin), or check the {}.", Setting.OFFSET));
        }
        byte[] data = file;
        boolean wholeChipDump = offset == 0 && file.length == chip.flashSizeBytes();
        ChipFamily family = ChipFamily.of(chip.chip());
        // A whole-chip dump (a backup being restored) goes back exactly as it was read.
        if (family != ChipFamily.ESP8266) {
            if ((offset == 0 || offset == Esp32Firmware.APP_OFFSET) && !wholeChipDump) {
                data = esp32Image(file, name, offset, family, chip, mode, size);
            }
        } else if (offset == 0 && !wholeChipDump) {
            if (PartitionTable.present(file, PartitionTable.OFFSET)) {
                throw new FlashlineException(ErrorCode.BAD_IMAGE, name + " is an ESP32-family factory image (partition table"
                        + " at 0x8000), but the device is an " + chip.chip(), Hint.text("Use the ESP8266 build (for Tasmota:"
                        + " tasmota.bin). Nothing was written."));
            }
            Esp8266Image.parse(file, name); // throws a clear error when the boot image is not sound
            HeaderPatch patch = headerPatch(chip, mode, size);
            data = patch.apply(file);
        }
        int padded = (data.length + 3) & ~3;
        if (padded != data.length) {
            byte[] out = Arrays.copyOf(data, padded);
            Arrays.fill(out, data.length, padded, (byte) 0xFF);
            data = out;
        }
        return data;
    }

    /**
     * An ESP32-family file at 0 or 0x10000: classified (factory image at 0, app-only at 0x10000),
     * refused when built for another chip or placed at the other offset, and with the bootloader
     * header patched (SHA-256 recomputed) when a flash mode or size is asked for.
     */
    static byte[] esp32Image(byte[] file, String name, int offset, ChipFamily family, ChipInfo chip, String mode,
                             String size) {
        ImageChip imageChip = family == ChipFamily.ESP32 ? ImageChip.ESP32 : ImageChip.ESP32C3;
        Esp32Firmware firmware = Esp32Firmware.inspect(file, name, imageChip);
        if (firmware.flashOffset() != offset) {
            boolean factory = firmware.kind() == Esp32Firmware.Kind.FACTORY;
            throw new FlashlineException(ErrorCode.BAD_IMAGE, String.format("%s is %s: it goes at 0x%X, not 0x%X", name,
                    factory ? "a factory image (bootloader, partition table and app)" : "an app-only image",
                    firmware.flashOffset(), offset), Hint.of("Write it with {} 0x" + Integer.toHexString(firmware.flashOffset())
                    + ". Nothing was written.", Setting.OFFSET));
        }
        FlashMode flashMode = "keep".equalsIgnoreCase(mode) ? null : FlashMode.parse(mode);
        Integer flashSize = switch (size.toLowerCase(java.util.Locale.ROOT)) {
            case "keep" -> null;
            case "detect" -> chip.flashSizeBytes();
            default -> ByteSize.parse(size, "flash size");
        };
        return firmware.patched(file, new Esp32HeaderPatch(flashMode, flashSize, null), name);
    }

    static HeaderPatch headerPatch(ChipInfo chip, String mode, String size) {
        FlashMode flashMode = "keep".equalsIgnoreCase(mode) ? null : FlashMode.parse(mode);
        if (chip.isEsp8285()) {
            flashMode = FlashMode.DOUT; // the ESP8285's embedded flash is wired for DOUT only
        }
        Integer flashSize = switch (size.toLowerCase(java.util.Locale.ROOT)) {
            case "keep" -> null;
            case "detect" -> chip.flashSizeBytes();
            default -> ByteSize.parse(size, "flash size");
        };
        return new HeaderPatch(flashMode, flashSize);
    }
}

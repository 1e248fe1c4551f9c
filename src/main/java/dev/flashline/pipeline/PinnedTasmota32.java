package dev.flashline.pipeline;

import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.errors.FlashlineException;
import dev.flashline.image.PartitionTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The line writes a build at flash offset 0. For the ESP32 family that must be Tasmota32's factory
 * image (bootloader, partition table, app); an app-only tasmota32.bin (for 0x10000 on a device
 * already partitioned) is fine for write-flash but would be refused on every device after its
 * backup, so the line refuses it at start.
 */
final class PinnedTasmota32 {
    private PinnedTasmota32() {
    }

    static void requireFactoryImage(FirmwareCatalog catalog, FirmwareEntry entry) {
        if (!entry.chip().equals("esp32") && !entry.chip().equals("esp32c3")) {
            return;
        }
        Path file = catalog.lock().pin(entry.name()).map(pin -> catalog.lock().folder().resolve(pin.file()))
                .orElse(entry.file());
        if (file == null || !Files.isRegularFile(file)) {
            return; // checked where the bytes are loaded
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(PartitionTable.OFFSET + PartitionTable.MAX_LENGTH);
        } catch (IOException e) {
            return; // the store reports an unreadable file with its own message
        }
        if (!PartitionTable.present(head, PartitionTable.OFFSET)) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "' is pinned with an app-only image (" + file.getFileName()
                    + ", written at 0x10000), but the line writes whole factory images at 0",
                    "Pin the release's factory image: `flashline firmware add tasmota32.factory.bin --name " + entry.name()
                    + "@VERSION` (tasmota32c3.factory.bin for the ESP32-C3), or `flashline firmware fetch " + entry.name() + "`.");
        }
    }
}

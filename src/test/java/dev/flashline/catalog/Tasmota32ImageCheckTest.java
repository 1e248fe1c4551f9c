package dev.flashline.catalog;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import dev.flashline.image.ImageChip;
import dev.flashline.sim.Chip;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalog's check of Tasmota32 builds: which chip a file is for, and the version in ESP32-C3 code. */
class Tasmota32ImageCheckTest {
    private static final int APP = 64 * 1024;

    private static FirmwareEntry entry(String name, String chip) {
        return new FirmwareEntry(name, "15.0.1", chip, 4 << 20, java.net.URI.create("https://example.invalid/" + name + ".bin"),
                null, null, false, "", Path.of("catalog.yaml"));
    }

    @Test
    void tellsWhichChipAFileIsBuiltFor() {
        assertEquals(Optional.of(ImageChip.ESP32), Tasmota32ImageCheck.builtFor(TestTasmota32Images.factory(Chip.ESP32, "15.0.1", APP)));
        assertEquals(Optional.of(ImageChip.ESP32C3), Tasmota32ImageCheck.builtFor(TestTasmota32Images.factory(Chip.ESP32C3, "15.0.1", APP)));
        assertEquals(Optional.of(ImageChip.ESP32C3), Tasmota32ImageCheck.builtFor(TestTasmota32Images.app(Chip.ESP32C3, "15.0.1", APP)));
        assertEquals(Optional.empty(), Tasmota32ImageCheck.builtFor(TestTasmotaImages.withText("15.0.1", 100_000)));
    }

    @Test
    void aChipAnyEntryChecksTheFileByTheChipItIsFor() {
        FirmwareEntry any = entry("custom", "any");
        assertDoesNotThrow(() -> TasmotaImageCheck.check(TestTasmota32Images.factory(Chip.ESP32, "15.0.1", APP), "f.bin", any, "15.0.1"));
        assertDoesNotThrow(() -> TasmotaImageCheck.check(TestTasmotaImages.withText("15.0.1", 100_000), "t.bin", any, "15.0.1"));
    }

    @Test
    void onTheEsp32c3TheVersionMayLiveInTheCodeOnly() {
        byte[] c3 = TestTasmota32Images.appWithVersionInCode(Chip.ESP32C3, 15, 0, 1, APP);
        assertDoesNotThrow(() -> TasmotaImageCheck.check(c3, "tasmota32c3.bin", entry("tasmota32c3", "esp32c3"), "15.0.1"));
        FlashlineException other = assertThrows(FlashlineException.class,
                () -> TasmotaImageCheck.check(c3, "tasmota32c3.bin", entry("tasmota32c3", "esp32c3"), "15.0.2"));
        assertTrue(other.getMessage().contains("does not carry Tasmota version 15.0.2"), other.getMessage());
        // Xtensa code keeps constants as literal words: an ESP32 build without one does not carry the version
        byte[] esp32 = TestTasmota32Images.appWithVersionInCode(Chip.ESP32, 15, 0, 1, APP);
        assertThrows(FlashlineException.class, () -> TasmotaImageCheck.check(esp32, "tasmota32.bin", entry("tasmota32", "esp32"), "15.0.1"));
    }

    @Test
    void aFactoryImageLargerThanTheEntrysFlashIsRefused() {
        FirmwareEntry small = new FirmwareEntry("tiny", "15.0.1", "esp32", 64 * 1024, java.net.URI.create("https://example.invalid/t.bin"),
                null, null, false, "", Path.of("catalog.yaml"));
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> TasmotaImageCheck.check(TestTasmota32Images.factory(Chip.ESP32, "15.0.1", APP), "f.bin", small, "15.0.1"));
        assertTrue(e.getMessage().contains("entry 'tiny' is for 64KB flash"), e.getMessage());
    }
}

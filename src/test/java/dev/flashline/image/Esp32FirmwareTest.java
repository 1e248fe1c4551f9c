package dev.flashline.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import dev.flashline.sim.Chip;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import dev.flashline.sim.tasmota.Esp32ImageCheck;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ESP32-family images read back from the virtual device's (independently written) demo images. */
class Esp32FirmwareTest {
    private static final int APP = 192 * 1024;
    private static final String V = "14.3.0(demo)";

    @Test
    void appImageParsesWithItsExtendedHeader() {
        byte[] app = DemoTasmota32Image.app(Chip.ESP32C3, V, APP);
        Esp32Image img = Esp32Image.parse(app, 0, "tasmota32c3.bin");
        assertEquals(5, img.chipId());
        assertTrue(img.hashAppended());
        assertEquals(4, img.segmentCount());
        assertEquals(APP, img.length(), "header + segments + checksum + SHA-256 = the whole file");
        assertEquals(FlashMode.DIO, img.flashMode());
        assertEquals(4 << 20, img.declaredFlashSize());
        assertEquals(0x3C000020, img.segments().get(0).address());
    }

    @Test
    void damagedImagesAreRefusedWithTheReason() {
        byte[] app = DemoTasmota32Image.app(Chip.ESP32, V, APP);
        byte[] oneFlip = app.clone();
        oneFlip[APP / 2] ^= 1;
        String checksum = assertThrows(FlashlineException.class, () -> Esp32Image.parse(oneFlip, 0, "a.bin")).getMessage();
        assertTrue(checksum.contains("checksum"), checksum);
        byte[] twoFlips = oneFlip.clone();
        twoFlips[APP / 2 + 1] ^= 1; // XOR checksum restored: only the SHA-256 sees it
        String sha = assertThrows(FlashlineException.class, () -> Esp32Image.parse(twoFlips, 0, "a.bin")).getMessage();
        assertTrue(sha.contains("SHA-256"), sha);
        String cut = assertThrows(FlashlineException.class,
                () -> Esp32Image.parse(Arrays.copyOf(app, APP - 10), 0, "a.bin")).getMessage();
        assertTrue(cut.contains("SHA-256") || cut.contains("truncated"), cut);
    }

    @Test
    void factoryAndAppOnlyImagesAreToldApartForBothChips() {
        for (Chip chip : new Chip[] {Chip.ESP32, Chip.ESP32C3}) {
            ImageChip target = chip == Chip.ESP32 ? ImageChip.ESP32 : ImageChip.ESP32C3;
            Esp32Firmware factory = Esp32Firmware.inspect(DemoTasmota32Image.factory(chip, V, APP), "f.bin", target);
            assertEquals(Esp32Firmware.Kind.FACTORY, factory.kind());
            assertEquals(0, factory.flashOffset());
            assertEquals(0x10000, factory.app().offset());
            assertEquals(target.bootloaderOffset(), factory.bootloader().orElseThrow().offset());
            assertEquals("app0", factory.partitionTable().orElseThrow().bootApp().orElseThrow().label());
            Esp32Firmware app = Esp32Firmware.inspect(DemoTasmota32Image.app(chip, V, APP), "a.bin", target);
            assertEquals(Esp32Firmware.Kind.APP_ONLY, app.kind());
            assertEquals(0x10000, app.flashOffset());
        }
    }

    @Test
    void anImageForTheWrongChipIsRefusedNamingBoth() {
        String app = assertThrows(FlashlineException.class, () -> Esp32Firmware.inspect(
                DemoTasmota32Image.app(Chip.ESP32C3, V, APP), "tasmota32c3.bin", ImageChip.ESP32)).getMessage();
        assertTrue(app.contains("built for the ESP32-C3") && app.contains("device is an ESP32"), app);
        FlashlineException factory = assertThrows(FlashlineException.class, () -> Esp32Firmware.inspect(
                DemoTasmota32Image.factory(Chip.ESP32, V, APP), "tasmota32.factory.bin", ImageChip.ESP32C3));
        assertTrue(factory.getMessage().contains("built for the ESP32 ("), factory.getMessage());
        assertTrue(factory.hint().contains("tasmota32c3"), factory.hint());
        String esp8266 = assertThrows(FlashlineException.class, () -> Esp32Firmware.inspect(
                DemoFirmwareImage.build(), "tasmota.bin", ImageChip.ESP32)).getMessage();
        assertTrue(esp8266.contains("ESP8266 image"), esp8266);
    }

    @Test
    void aBootloaderAloneIsNotTakenForAnApp() {
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32C3, V, APP);
        byte[] bootOnly = Arrays.copyOf(factory, 0x8000);
        Arrays.fill(bootOnly, Esp32Image.parse(factory, 0, "b").length(), bootOnly.length, (byte) 0xFF);
        String msg = assertThrows(FlashlineException.class,
                () -> Esp32Firmware.inspect(bootOnly, "bootloader.bin", ImageChip.ESP32C3)).getMessage();
        assertTrue(msg.contains("bootloader, not an app"), msg);
    }

    @Test
    void patchingTheBootloaderHeaderRecomputesItsSha() {
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32, V, APP);
        Esp32Firmware fw = Esp32Firmware.inspect(factory, "f.bin", ImageChip.ESP32);
        Esp32HeaderPatch patch = new Esp32HeaderPatch(FlashMode.DOUT, 8 << 20, Esp32FlashFrequency.F80M);
        byte[] out = fw.patched(factory, patch, "f.bin");
        assertEquals(3, out[0x1002], "DOUT");
        assertEquals(0x3F, out[0x1003] & 0xFF, "8 MB, 80 MHz");
        Esp32Image boot = Esp32Image.parse(out, 0x1000, "f.bin");
        assertEquals(8 << 20, boot.declaredFlashSize());
        assertTrue(Esp32ImageCheck.validLength(out, 0x1000, 0).isPresent(), "the virtual ROM would boot it");
        int digestAt = 0x1000 + boot.length() - 32;
        int differing = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] != factory[i] && !(i == 0x1002 || i == 0x1003 || (i >= digestAt && i < digestAt + 32))) {
                differing++;
            }
        }
        assertEquals(0, differing, "only the two header bytes and the digest change");
        byte[] naive = factory.clone();
        naive[0x1002] = 3;
        assertThrows(FlashlineException.class, () -> Esp32Image.parse(naive, 0x1000, "n.bin"), "without the new SHA");
    }

    @Test
    void theC3BootloaderIsPatchedAtZeroAndAnAppOnlyImageIsLeftAlone() {
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32C3, V, APP);
        Esp32HeaderPatch patch = new Esp32HeaderPatch(FlashMode.QIO, null, null);
        byte[] out = Esp32Firmware.inspect(factory, "f.bin", ImageChip.ESP32C3).patched(factory, patch, "f.bin");
        assertEquals(0, out[2], "QIO");
        assertEquals(factory[3], out[3], "size and frequency kept");
        Esp32Image.parse(out, 0, "f.bin");
        byte[] app = DemoTasmota32Image.app(Chip.ESP32C3, V, APP);
        assertArrayEquals(app, Esp32Firmware.inspect(app, "a.bin", ImageChip.ESP32C3).patched(app, patch, "a.bin"));
    }

    @Test
    void aDamagedPartitionTableIsRefused() {
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32, V, APP);
        factory[0x8000 + 4] ^= 0x10; // nvs offset changes: the MD5 entry no longer matches
        String msg = assertThrows(FlashlineException.class,
                () -> Esp32Firmware.inspect(factory, "f.bin", ImageChip.ESP32)).getMessage();
        assertTrue(msg.contains("MD5"), msg);
    }
}

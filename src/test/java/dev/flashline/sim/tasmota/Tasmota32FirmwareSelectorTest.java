package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.sim.Chip;
import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class Tasmota32FirmwareSelectorTest {
    private static final String MAC = "24:0a:c4:1a:2b:3c";
    private static final int APP = 256 * 1024;
    private final Firmware fallback = new TestFirmware();
    private final SimulatedNetwork network = new SimulatedNetwork("lab", "pw-lab-1");

    private Tasmota32FirmwareSelector selector(Chip chip) {
        return new Tasmota32FirmwareSelector(chip, network, MAC, fallback);
    }

    @Test
    void factoryImageBootsTasmota32OnBothChips() {
        for (Chip chip : new Chip[] {Chip.ESP32, Chip.ESP32C3}) {
            VirtualFlash flash = new VirtualFlash(4 << 20);
            flash.load(0, DemoTasmota32Image.factory(chip, "14.3.0(demo)", APP));
            SimulatedTasmota t = assertInstanceOf(SimulatedTasmota.class, selector(chip).select(flash), chip.name());
            assertEquals("14.3.0(demo)", t.version());
        }
    }

    @Test
    void factoryImagePutsBootloaderPartitionTableAndAppWhereTheChipLooks() {
        byte[] esp32 = DemoTasmota32Image.factory(Chip.ESP32, "14.3.0(demo)", APP);
        assertEquals(0xFF, esp32[0] & 0xFF, "ESP32: nothing below 0x1000");
        assertEquals(0xE9, esp32[0x1000] & 0xFF);
        assertEquals(0x50, esp32[0x8000] & 0xFF);
        assertEquals(0xAA, esp32[0x8001] & 0xFF);
        assertEquals(0xE9, esp32[0x10000] & 0xFF);
        assertEquals(0x10000 + APP, esp32.length);
        byte[] c3 = DemoTasmota32Image.factory(Chip.ESP32C3, "14.3.0(demo)", APP);
        assertEquals(0xE9, c3[0] & 0xFF, "ESP32-C3: bootloader at 0");
        assertEquals(5, c3[12], "chip id 5 in the extended header");
        assertEquals(OptionalInt.of(0x10000), Tasmota32FirmwareSelector.firstAppPartition(c3));
    }

    @Test
    void appOnlyImageOverAnExistingLayoutBoots() {
        VirtualFlash flash = new VirtualFlash(4 << 20);
        flash.load(0, DemoTasmota32Image.factory(Chip.ESP32C3, "14.2.0(demo)", APP));
        byte[] newer = DemoTasmota32Image.app(Chip.ESP32C3, "14.3.0(demo)", APP + 4096);
        for (int s = 0x10; s < 0x10 + (newer.length + 4095) / 4096; s++) {
            flash.eraseSector(s);
        }
        flash.program(0x10000, newer, 0, newer.length);
        assertEquals("14.3.0(demo)", ((SimulatedTasmota) selector(Chip.ESP32C3).select(flash)).version());
    }

    @Test
    void imageForTheOtherChipOrWithoutBootloaderBootsTheFallback() {
        VirtualFlash flash = new VirtualFlash(4 << 20);
        flash.load(0, DemoTasmota32Image.factory(Chip.ESP32, "14.3.0(demo)", APP));
        assertSame(fallback, selector(Chip.ESP32C3).select(flash), "an ESP32 factory image on a C3");

        VirtualFlash appOnly = new VirtualFlash(4 << 20);
        appOnly.load(0x10000, DemoTasmota32Image.app(Chip.ESP32, "14.3.0(demo)", APP));
        assertSame(fallback, selector(Chip.ESP32).select(appOnly), "no bootloader, no partition table");
    }

    @Test
    void aFlippedByteInTheAppBreaksItsShaAndBootsTheFallback() {
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32, "14.3.0(demo)", APP);
        int pos = 0x10000 + APP / 2;
        factory[pos] ^= 0x01;
        factory[pos + 1] ^= 0x01; // two flips in one segment keep the XOR checksum: only the SHA-256 catches it
        VirtualFlash flash = new VirtualFlash(4 << 20);
        flash.load(0, factory);
        assertSame(fallback, selector(Chip.ESP32).select(flash));
    }

    @Test
    void sameArgumentsSameBytes() {
        byte[] a = DemoTasmota32Image.app(Chip.ESP32, "14.3.0(demo)", APP);
        byte[] b = DemoTasmota32Image.app(Chip.ESP32, "14.3.0(demo)", APP);
        assertTrue(java.util.Arrays.equals(a, b));
        assertEquals(APP, Esp32ImageCheck.validLength(a, 0, 0).getAsInt());
    }
}

package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.chip.ChipFamily;
import dev.flashline.digest.Digests;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.image.Esp32Image;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.Chip;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine against the virtual ESP32 (ROM path) and ESP32-C3 (bundled stub, and ROM with --no-stub). */
class Esp32FlasherVirtualDeviceTest {
    private final List<String> log = new ArrayList<>();

    private FlashSession open(VirtualDevice device, boolean noStub, AfterAction after) {
        ConnectOptions options = ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET)
                .withAfter(after).withStub(null, noStub);
        return FlashSession.open(options, log::add, url -> device.connect());
    }

    private static VirtualDevice device(Chip chip, String mac) {
        return new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).mac(mac).flashSize(4 << 20).build());
    }

    @Test
    void esp32IsIdentifiedAndUsesItsRom() {
        VirtualDevice device = device(Chip.ESP32, "24:0a:c4:01:02:03");
        try (FlashSession s = open(device, false, AfterAction.NO_RESET)) {
            assertEquals("ESP32", s.chip().chip());
            assertEquals("24:0a:c4:01:02:03", s.chip().mac());
            assertEquals(4 << 20, s.chip().flashSizeBytes());
            assertEquals(40, s.chip().crystalMhz());
            assertEquals(ChipFamily.ESP32, s.family());
            assertNotNull(s.esp32Rom(), "no bundled ESP32 stub: the ROM stays in charge");
            assertFalse(s.loader().isStub());
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("ESP32-D0WD-V3 revision v3.0")), log.toString());
    }

    @Test
    void esp32c3IsIdentifiedAndRunsTheBundledStub() {
        VirtualDevice device = device(Chip.ESP32C3, "58:cf:79:0a:0b:0c");
        try (FlashSession s = open(device, false, AfterAction.NO_RESET)) {
            assertEquals("ESP32-C3", s.chip().chip());
            assertEquals("58:cf:79:0a:0b:0c", s.chip().mac());
            assertEquals(ChipFamily.ESP32C3, s.family());
            assertTrue(s.loader().isStub());
            assertNull(s.esp32Rom());
            assertTrue(s.loaderDescription().contains("esp32c3"), s.loaderDescription());
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("ESP32-C3 (QFN32) revision v0.3")), log.toString());
    }

    @Test
    void esp32FactoryImageIsWrittenVerifiedReadBackAndErasedThroughTheRom() {
        VirtualDevice device = device(Chip.ESP32, "24:0a:c4:01:02:04");
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32);
        try (FlashSession s = open(device, false, AfterAction.NO_RESET)) {
            byte[] data = ImagePreparation.prepare(factory, "tasmota32.factory.bin", 0, s.chip(), "dio", "detect");
            // the bootloader header now says DIO, 4MB, and its appended SHA-256 still matches
            assertEquals(2, data[0x1000 + 2]);
            assertEquals(2, (data[0x1000 + 3] & 0xF0) >> 4);
            Esp32Image.parse(data, 0x1000, "patched");
            Flasher flasher = new Flasher(s, Progress.NONE);
            WriteResult w = flasher.write(data, 0, WriteOptions.DEFAULTS);
            assertTrue(w.verified(), "verified by the ROM's MD5");
            assertTrue(w.sentBytes() < data.length, "compressed in ROM");
            assertTrue(flasher.matches(data, 0));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            ReadResult r = flasher.read(0, 0x9000, back);
            assertArrayEquals(Arrays.copyOf(data, 0x9000), back.toByteArray());
            assertEquals(HexFormat.of().formatHex(Digests.sha256().digest(back.toByteArray())), r.sha256());
            flasher.eraseAll();
            assertFalse(flasher.matches(data, 0));
        }
        byte[] flash = device.flash().snapshot();
        for (int i = 0; i < flash.length; i += 4096) {
            assertEquals((byte) 0xFF, flash[i], "erased at " + i);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("READ_FLASH_SLOW") && l.contains("about")), log.toString());
    }

    @Test
    void esp32c3FactoryImageGoesThroughTheStubAndTheRom() {
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32C3);
        for (boolean noStub : new boolean[] {false, true}) {
            VirtualDevice device = device(Chip.ESP32C3, "58:cf:79:0a:0b:0d");
            try (FlashSession s = open(device, noStub, AfterAction.NO_RESET)) {
                assertEquals(noStub, s.esp32Rom() != null);
                byte[] data = ImagePreparation.prepare(factory, "tasmota32c3.factory.bin", 0, s.chip(), "keep", "keep");
                Flasher flasher = new Flasher(s, Progress.NONE);
                assertTrue(flasher.write(data, 0, WriteOptions.DEFAULTS).verified());
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                flasher.read(0x8000, 0x1000, back);
                assertArrayEquals(Arrays.copyOfRange(data, 0x8000, 0x9000), back.toByteArray());
            }
            assertArrayEquals(factory, Arrays.copyOf(device.flash().snapshot(), factory.length));
        }
    }

    @Test
    void wrongChipAndMisplacedImagesAreRefusedBeforeAnythingIsWritten() {
        VirtualDevice device = device(Chip.ESP32C3, "58:cf:79:0a:0b:0e");
        byte[] before = device.flash().snapshot();
        try (FlashSession s = open(device, true, AfterAction.NO_RESET)) {
            FlashlineException wrongChip = assertThrows(FlashlineException.class, () -> ImagePreparation.prepare(
                    DemoTasmota32Image.factory(Chip.ESP32), "tasmota32.factory.bin", 0, s.chip(), "keep", "keep"));
            assertTrue(wrongChip.getMessage().contains("ESP32"), wrongChip.getMessage());
            byte[] esp8266 = FlasherVirtualDeviceTest.firmwareLike(64 * 1024, 3);
            esp8266[0] = (byte) 0xE9;
            esp8266[1] = 1;
            esp8266[4] = 0x04; // entry 0x40100004: an ESP8266 IRAM address
            esp8266[5] = 0x00;
            esp8266[6] = 0x10;
            esp8266[7] = 0x40;
            FlashlineException e8266 = assertThrows(FlashlineException.class,
                    () -> ImagePreparation.prepare(esp8266, "tasmota.bin", 0x10000, s.chip(), "keep", "keep"));
            assertTrue(e8266.getMessage().contains("ESP8266 image"), e8266.getMessage());
            FlashlineException misplaced = assertThrows(FlashlineException.class, () -> ImagePreparation.prepare(
                    DemoTasmota32Image.app(Chip.ESP32C3), "tasmota32c3.bin", 0, s.chip(), "keep", "keep"));
            assertEquals(ErrorCode.BAD_IMAGE, misplaced.code());
            assertTrue(misplaced.getMessage().contains("0x10000"), misplaced.getMessage());
        }
        assertArrayEquals(before, device.flash().snapshot());
    }

    @Test
    void esp32ResetsIntoItsFirmwareThroughTheRomPath() throws Exception {
        VirtualDevice device = device(Chip.ESP32, "24:0a:c4:01:02:05");
        try (FlashSession s = open(device, false, AfterAction.SOFT_RESET)) {
            byte[] data = ImagePreparation.prepare(DemoTasmota32Image.factory(Chip.ESP32), "f", 0, s.chip(), "keep", "keep");
            new Flasher(s, Progress.NONE).write(data, 0, WriteOptions.DEFAULTS);
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("Hard reset (RTS)") || l.contains("RTC watchdog")), log.toString());
    }

    @Test
    void esp32ImagesAreRefusedForAnEsp8266() {
        dev.flashline.chip.ChipInfo esp8266 = new dev.flashline.chip.ChipInfo("ESP8266EX", "5c:cf:7f:00:00:01", "c84016",
                4 << 20, 26);
        FlashlineException factory = assertThrows(FlashlineException.class, () -> ImagePreparation.prepare(
                DemoTasmota32Image.factory(Chip.ESP32), "tasmota32.factory.bin", 0, esp8266, "keep", "keep"));
        assertTrue(factory.getMessage().contains("ESP32-family factory image"), factory.getMessage());
        FlashlineException app = assertThrows(FlashlineException.class, () -> ImagePreparation.prepare(
                DemoTasmota32Image.app(Chip.ESP32C3), "tasmota32c3.bin", 0, esp8266, "keep", "keep"));
        assertEquals(ErrorCode.BAD_IMAGE, app.code(), app.getMessage());
    }

    @Test
    void esp32WithAStubFileReadsThroughTheStub() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("esp32stub");
        VirtualDevice device = device(Chip.ESP32, "24:0a:c4:01:02:06");
        byte[] factory = DemoTasmota32Image.factory(Chip.ESP32);
        device.flash().load(0, factory);
        ConnectOptions options = ConnectOptions.defaults("virtual").withAfter(AfterAction.NO_RESET)
                .withStub(TestStubs.write(dir), false);
        try (FlashSession s = FlashSession.open(options, log::add, url -> device.connect())) {
            assertTrue(s.loader().isStub());
            assertNull(s.esp32Rom());
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            new Flasher(s, Progress.NONE).read(0, 0x20000, back);
            assertArrayEquals(Arrays.copyOf(factory, 0x20000), back.toByteArray());
        }
    }

    /** A stock ESP32 Sonoff through the ROM: blank chunks named by the ROM's MD5, only firmware and settings read slowly. */
    @Test
    void esp32RomBackupReadsOnlyWhatIsNotBlankAndIsTheWholeFlash() {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP32).mac("24:0a:c4:01:02:04")
                .flashSize(4 << 20).stockFlash(true).build());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ReadResult r;
        try (FlashSession s = open(device, false, AfterAction.NO_RESET)) {
            r = new Flasher(s, Progress.NONE).read(0, 4 << 20, out, KnownContent.NONE);
        }
        byte[] flash = device.flash().snapshot();
        org.junit.jupiter.api.Assertions.assertArrayEquals(flash, out.toByteArray());
        long nonBlankChunks = java.util.stream.IntStream.range(0, 64).filter(i -> {
            for (int a = i * 0x10000; a < (i + 1) * 0x10000; a++) {
                if (flash[a] != (byte) 0xFF) {
                    return true;
                }
            }
            return false;
        }).count();
        assertEquals(nonBlankChunks * 0x10000, r.transferredBytes(), "only the chunks holding data went through READ_FLASH_SLOW");
        assertTrue(nonBlankChunks < 40, "a stock flash is mostly blank: " + nonBlankChunks);
    }

    /** Erase-once on the ROM path: a FLASH_BEGIN per region erases exactly those sectors. */
    @Test
    void esp32RomErasesRegionsWithoutAStub() {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP32).mac("24:0a:c4:01:02:05")
                .flashSize(4 << 20).stockFlash(true).build());
        byte[] before = device.flash().snapshot();
        try (FlashSession s = open(device, false, AfterAction.NO_RESET)) {
            new Flasher(s, Progress.NONE).eraseRegions(List.of(new ErasePlan.Region(0x9000, 0x4000), new ErasePlan.Region(0x110000, 0x20000)));
        }
        byte[] after = device.flash().snapshot();
        for (int a = 0; a < after.length; a++) {
            boolean erased = (a >= 0x9000 && a < 0xD000) || (a >= 0x110000 && a < 0x130000);
            assertEquals(erased ? (byte) 0xFF : before[a], after[a], String.format("at 0x%X", a));
        }
    }
}

package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import org.junit.jupiter.api.Test;

class TasmotaFirmwareSelectorTest {
    private static final String MAC = "a4:cf:12:1a:2b:3c";
    private final Firmware fallback = new TestFirmware();
    private final TasmotaFirmwareSelector selector =
            new TasmotaFirmwareSelector(new SimulatedNetwork("lab", "pw-lab-1"), MAC, fallback);

    @Test
    void demoImageAtOffsetZeroBootsSimulatedTasmotaWithItsVersion() {
        VirtualFlash flash = new VirtualFlash(1024 * 1024);
        flash.load(0, DemoFirmwareImage.build("14.3.0(demo)", DemoFirmwareImage.DEFAULT_SIZE));
        SimulatedTasmota tasmota = assertInstanceOf(SimulatedTasmota.class, selector.select(flash));
        assertEquals("14.3.0(demo)", tasmota.version());
    }

    @Test
    void erasedFlashBootsTheFallback() {
        assertSame(fallback, selector.select(new VirtualFlash(1024 * 1024)));
    }

    @Test
    void demoImageWithABadChecksumBootsTheFallback() {
        VirtualFlash flash = new VirtualFlash(1024 * 1024);
        byte[] image = DemoFirmwareImage.build();
        image[image.length - 1] ^= 1;
        flash.load(0, image);
        assertSame(fallback, selector.select(flash));
    }

    @Test
    void demoImageProgrammedOverUnerasedFlashBootsTheFallback() {
        // NOR program without erase ANDs old and new bits: the checksum no longer matches.
        VirtualFlash flash = new VirtualFlash(1024 * 1024);
        byte[] stock = new byte[4096];
        java.util.Arrays.fill(stock, (byte) 0x5A);
        flash.load(0x8000, stock);
        byte[] image = DemoFirmwareImage.build();
        flash.program(0, image, 0, image.length);
        assertSame(fallback, selector.select(flash));
    }

    @Test
    void aValidImageWithoutTheDemoMarkerBootsTheFallback() {
        VirtualFlash flash = new VirtualFlash(1024 * 1024);
        // Header, one 16-byte segment of zeros, padding, checksum 0xEF: valid, but not the demo.
        byte[] image = new byte[48];
        image[0] = (byte) 0xE9;
        image[1] = 1;
        EspAppImage.putU32(image, 4, 0x40100000L);
        EspAppImage.putU32(image, 8, 0x40100000L);
        EspAppImage.putU32(image, 12, 16);
        image[47] = (byte) 0xEF;
        assertEquals(48, EspAppImage.validLength(image, 0).getAsInt());
        flash.load(0, image);
        assertSame(fallback, selector.select(flash));
    }
}

package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.sim.tasmota.DemoTasmota32Image;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.Tasmota32FirmwareSelector;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A virtual ESP32 / ESP32-C3 leaving download mode: hard reset over RTS, or the ROM's FLASH_END. */
class Esp32BootTest {
    private static final String MAC = "24:0a:c4:00:00:07";

    private static VirtualDevice device(Chip chip, byte[] stock) {
        return new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).mac(MAC).stockFirmware(stock)
                .firmwareSelector(new Tasmota32FirmwareSelector(chip, new SimulatedNetwork("lab", "pw-lab-1"), MAC,
                        new PlainFirmware()))
                .build());
    }

    @Test
    void rtsHardResetBootsTasmota32FromTheFactoryImage() throws Exception {
        VirtualDevice dev = device(Chip.ESP32, DemoTasmota32Image.factory(Chip.ESP32, "14.3.0(demo)", 128 * 1024));
        HostSide host = new HostSide(dev.connect());
        host.drainRaw(100);
        host.transport.setDtr(false);
        host.transport.setRts(true);  // EN low
        Thread.sleep(20);
        host.transport.setRts(false); // EN high, GPIO0 high: boot from flash
        String console = new String(host.drainRaw(3000), StandardCharsets.US_ASCII);
        assertTrue(console.contains("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"), console);
        assertTrue(console.contains("HDW: ESP32-D0WD-V3 v3.0"), console);
        assertTrue(console.contains("Tasmota Version 14.3.0(demo)"), console);
        host.transport.close();
    }

    @Test
    void anErasedEsp32SaysWhereItLookedForItsBootloader() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP32)
                .firmwareSelector(flash -> PlainFirmware.forChip(Chip.ESP32)).build());
        HostSide host = new HostSide(dev.connect());
        host.sync();
        host.command(0x04, HostSide.words(1));
        byte[] later = host.drainRaw(400);
        host.stray.write(later, 0, later.length); // bytes read along with the FLASH_END answer land in stray
        String console = host.stray.toString(StandardCharsets.US_ASCII);
        assertTrue(console.contains("no bootable image at 0x1000"), console);
        host.transport.close();
    }

    @Test
    void flashEndWithRunFlagStartsTheAppOnTheC3() throws Exception {
        VirtualDevice dev = device(Chip.ESP32C3, DemoTasmota32Image.factory(Chip.ESP32C3, "14.3.0(demo)", 128 * 1024));
        HostSide host = new HostSide(dev.connect());
        host.sync();
        HostSide.Response end = host.command(0x04, HostSide.words(1));
        assertEquals(0, end.romStatus());
        byte[] later = host.drainRaw(3000);
        host.stray.write(later, 0, later.length); // bytes read along with the FLASH_END answer land in stray
        String console = host.stray.toString(StandardCharsets.US_ASCII);
        assertTrue(console.contains("HDW: ESP32-C3 v0.3"), console);
        host.transport.close();
    }
}

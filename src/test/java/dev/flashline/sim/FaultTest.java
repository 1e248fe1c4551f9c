package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.protocol.Slip;
import dev.flashline.transport.LinkClosedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FaultTest {

    private static HostSide with(Fault fault) {
        return new HostSide(new VirtualDevice(VirtualDeviceConfig.builder().fault(fault).build()).connect());
    }

    @Test
    void silentSendsNothing() throws Exception {
        HostSide host = with(Fault.silent());
        host.send(0x08, HostSide.syncPayload());
        assertEquals(0, host.drainRaw(300).length);
        host.transport.close();
    }

    @Test
    void stubSilentLoadsTheStubButItNeverGreetsOrAnswers() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().fault(Fault.stubSilent()).build());
        dev.flashline.transport.Transport transport = device.connect();
        try {
            dev.flashline.loader.Loader loader = dev.flashline.loader.Connector.connect(transport,
                    dev.flashline.loader.ResetStrategy.NO_RESET, 0, s -> { });
            dev.flashline.loader.RomLoader rom = assertInstanceOfRom(loader);
            rom.readReg(0x3FF00050); // the ROM loader itself answers (a timeout would throw)
            dev.flashline.loader.StubImage stub = dev.flashline.loader.StubImage.bundled().orElseThrow();
            dev.flashline.errors.FlashlineException e = assertThrows(dev.flashline.errors.FlashlineException.class,
                    () -> rom.runStub(stub));
            assertEquals(dev.flashline.errors.ErrorCode.STUB_NO_GREETING, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("neither greeted nor answered SYNC"), e.getMessage());
        } finally {
            transport.close();
        }
    }

    private static dev.flashline.loader.RomLoader assertInstanceOfRom(dev.flashline.loader.Loader loader) {
        assertTrue(loader instanceof dev.flashline.loader.RomLoader, "ROM loader expected, got " + loader);
        return (dev.flashline.loader.RomLoader) loader;
    }

    @Test
    void bootFromFlashShowsTheBannerAt74880AndNeverSyncs() throws Exception {
        HostSide host = with(Fault.bootFromFlash());
        host.transport.setBaudRate(74880);
        String banner = new String(host.drainRaw(200), StandardCharsets.US_ASCII);
        assertTrue(banner.contains("ets Jan  8 2013,rst cause:1, boot mode:(3,6)"), banner);
        host.transport.setBaudRate(115200);
        host.send(0x08, HostSide.syncPayload());
        assertNull(host.response(0x08, 300));
        host.transport.close();
    }

    @Test
    void wrongBootModeShowsAnSdioMode() throws Exception {
        HostSide host = with(Fault.wrongBootMode());
        host.transport.setBaudRate(74880);
        String banner = new String(host.drainRaw(200), StandardCharsets.US_ASCII);
        assertTrue(banner.contains("boot mode:(7,"), banner);
        host.transport.close();
    }

    @Test
    void echoReturnsEveryByte() throws Exception {
        HostSide host = with(Fault.echo());
        byte[] sync = Slip.encode(HostSide.request(0x08, HostSide.syncPayload(), 0));
        host.sendRaw(sync);
        assertArrayEquals(sync, host.drainRaw(300));
        host.transport.close();
    }

    @Test
    void noiseIsNeverSlip() throws Exception {
        HostSide host = with(Fault.noise());
        host.send(0x08, HostSide.syncPayload());
        byte[] noise = host.drainRaw(300);
        assertTrue(noise.length > 20);
        for (byte b : noise) {
            assertFalse(b == (byte) 0xC0);
        }
        host.transport.close();
    }

    @Test
    void dropAfterBytesClosesTheLink() throws Exception {
        HostSide host = with(Fault.dropAfterBytes(100));
        host.sync();
        byte[] block = new byte[0x400];
        assertThrows(LinkClosedException.class, () -> {
            for (int i = 0; i < 10; i++) {
                host.send(0x03, HostSide.dataPayload(block, i), HostSide.checksum(block));
                host.frame(100);
            }
        });
        host.transport.close();
    }

    @Test
    void corruptRxByteSpoilsOneFrame() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().bootJunk(false)
                .fault(Fault.corruptRxByte(20)).build());
        HostSide host = new HostSide(dev.connect());
        host.send(0x08, HostSide.syncPayload());
        assertNull(host.response(0x08, 300), "the corrupted SYNC is not recognised");
        host.sync();
        host.transport.close();
    }

    @Test
    void flashBadBitCorruptsSilentlyAndMd5CatchesIt() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().fault(Fault.flashBadBit(0x10005)).build());
        HostSide host = StubLoaderTest.intoStub(dev);
        byte[] image = new byte[8192];
        Arrays.fill(image, (byte) 0xA5); // bit 0 set everywhere
        StubLoaderTest.deflWrite(host, image, 0x10000);
        byte[] md5 = StubLoaderTest.flashMd5(host, 0x10000, image.length);
        assertFalse(Arrays.equals(StubLoaderTest.md5(image), md5), "verify must fail");
        assertEquals((byte) 0xA4, dev.flash().read(0x10005, 1)[0]);
        host.transport.close();
    }

    @Test
    void faultsParseFromText() {
        assertEquals(Fault.dropAfterBytes(5000), Fault.parse("drop-after-bytes=5000"));
        assertEquals(Fault.flashBadBit(0x1000), Fault.parse("FLASH_BAD_BIT=0x1000"));
        assertEquals(Fault.echo(), Fault.parse("echo"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("corrupt-rx-byte"));
    }

    @Test
    void aSecondConnectPowerCyclesAndFlashSurvives() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().bootJunk(false).build());
        HostSide first = new HostSide(dev.connect());
        first.sync();
        dev.flash().load(0, new byte[] {0x42});
        HostSide second = new HostSide(dev.connect());
        assertThrows(LinkClosedException.class, () -> first.frame(200));
        second.send(0x0A, HostSide.words(0x40001000L));
        assertNull(second.response(0x0A, 200), "new power-on: not synced");
        second.sync();
        assertNotNull(second.readReg(0x40001000L));
        assertEquals(0x42, dev.flash().read(0, 1)[0]);
        second.transport.close();
    }
}

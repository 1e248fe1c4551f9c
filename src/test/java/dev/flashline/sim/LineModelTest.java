package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineModelTest {

    @Test
    void afterChangeBaudrateAHostThatDoesNotSwitchIsNotUnderstood() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().build());
        HostSide host = StubLoaderTest.intoStub(dev);
        HostSide.Response r = host.command(0x0F, HostSide.words(460800, 115200));
        assertNotNull(r, "answered at the old rate");
        assertEquals(0, r.status0());
        host.send(0x0A, HostSide.words(0x40001000L));
        assertNull(host.response(0x0A, 400), "115200 bytes are garbage to a 460800 UART");
        host.transport.setBaudRate(460800);
        host.transport.flushInput();
        assertEquals(0xFFF0C101L, host.readReg(0x40001000L).value());
        assertEquals(26, Math.round(460800.0 * (host.readReg(0x60000014L).value() & 0xFFFFF) / 1e6 / 2));
        host.transport.close();
    }

    @Test
    void romAutoBaudLocksOnTheSyncRate() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().bootJunk(false).build());
        HostSide host = new HostSide(dev.connect());
        host.transport.setBaudRate(230400);
        host.sync();
        assertEquals(0xFFF0C101L, host.readReg(0x40001000L).value());
        host.transport.setBaudRate(115200);
        host.send(0x0A, HostSide.words(0x40001000L));
        assertNull(host.response(0x0A, 300), "locked at 230400 now");
        host.transport.close();
    }

    @Test
    void mismatchedRatesGarbleDeterministically() {
        byte[] text = "boot mode:(3,6)".getBytes(StandardCharsets.US_ASCII);
        byte[] a = UartResampler.resample(text, 74880, 115200);
        byte[] b = UartResampler.resample(text, 74880, 115200);
        assertArrayEquals(a, b);
        assertTrue(a.length > 0);
        assertTrue(!new String(a, StandardCharsets.ISO_8859_1).contains("boot"));
        assertArrayEquals(text, UartResampler.resample(text, 115200, 115200));
    }

    @Test
    void throttledLinkTakesLineTime() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().throttle(true).bootJunk(false).build());
        HostSide host = new HostSide(dev.connect());
        long start = System.nanoTime();
        host.sync(); // 46 bytes out, 8 x 14 bytes back at 11520 bytes/s: at least ~13 ms
        long syncMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(syncMillis >= 12, "line time respected, took " + syncMillis + " ms");
        host.transport.close();
    }

    @Test
    void dtrRtsResetRebootsIntoDownloadModeOrFlash() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().bootJunk(false).build());
        HostSide host = new HostSide(dev.connect());
        host.sync();
        // esptool's classic sequence: EN low, then EN high with GPIO0 low
        host.transport.setDtr(false);
        host.transport.setRts(true);
        Thread.sleep(20);
        host.transport.setDtr(true);
        host.transport.setRts(false);
        Thread.sleep(30);
        host.transport.setDtr(false);
        host.send(0x0A, HostSide.words(0x40001000L));
        assertNull(host.response(0x0A, 300), "fresh ROM: not synced");
        host.sync();
        // hard reset: EN pulse with GPIO0 high boots the firmware
        host.transport.setRts(true);
        Thread.sleep(20);
        host.transport.setRts(false);
        host.transport.setBaudRate(74880);
        byte[] banner = host.drainRaw(200);
        host.stray.write(banner);
        String text = host.stray.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("rst cause:2, boot mode:(3,6)"), text);
        host.transport.close();
    }
}

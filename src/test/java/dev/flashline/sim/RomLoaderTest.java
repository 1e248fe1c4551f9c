package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RomLoaderTest {

    private static HostSide connect(VirtualDevice device) {
        return new HostSide(device.connect());
    }

    @Test
    void syncIsAnsweredEightTimesWithTheRomValueAndTwoStatusBytes() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().build()));
        host.drainRaw(100); // the power-on banner, garbled at 115200, as real clients flush it
        host.transport.flushInput();
        host.send(0x08, HostSide.syncPayload());
        for (int i = 0; i < 8; i++) {
            HostSide.Response r = host.response(0x08, 2000);
            assertNotNull(r, "answer " + i);
            assertArrayEquals(new byte[] {1, 8, 2, 0, 7, 7, 0x12, 0x20, 0, 0}, r.raw());
        }
        assertNull(host.response(0x08, 150), "no ninth answer");
        host.transport.close();
    }

    @Test
    void beforeSyncOtherCommandsAreIgnored() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().build()));
        host.send(0x0A, HostSide.words(0x40001000L));
        assertNull(host.response(0x0A, 300));
        host.sync();
        assertEquals(0xFFF0C101L, host.readReg(0x40001000L).value());
        host.transport.close();
    }

    @Test
    void powerOnSendsBannerJunkThatIsNotAFrame() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().build()));
        byte[] junk = host.drainRaw(200);
        assertTrue(junk.length > 0, "a 74880-baud banner shows up as bytes at 115200");
        assertTrue(!new String(junk, StandardCharsets.ISO_8859_1).contains("ets Jan"), "unreadable at 115200");
        host.transport.close();
    }

    @Test
    void macAndChipAreReadableAsEsptoolDecodesThem() throws Exception {
        byte[] mac = {(byte) 0xAC, (byte) 0xD0, 0x74, 0x12, 0x34, 0x56};
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().mac(mac).build()));
        host.sync();
        assertArrayEquals(mac, decodeMac(host));
        assertEquals(0, efuses(host)[0] & 0x10, "ESP8266EX: no ESP8285 bit");
        host.transport.close();

        byte[] other = {0x5C, (byte) 0xCF, 0x7F, 1, 2, 3};
        host = connect(new VirtualDevice(VirtualDeviceConfig.builder().mac(other).build()));
        host.sync();
        assertArrayEquals(other, decodeMac(host));
        host.transport.close();
    }

    @Test
    void esp8285MarksItselfAndItsEmbeddedFlashSize() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP8285)
                .flashSize(2 << 20).mac(VirtualDeviceConfig.defaultMac(3)).build());
        HostSide host = connect(dev);
        host.sync();
        long[] e = efuses(host);
        assertTrue((e[0] & (1 << 4)) != 0 || (e[2] & (1 << 16)) != 0, "ESP8285 bit (efuse bit 4 or 80)");
        // esptool's rule: r0_4 and r3_26 without r3_25 / r3_27 means 2 MB
        assertTrue((e[3] & (1 << 26)) != 0 && (e[3] & (1 << 25)) == 0 && (e[3] & (1 << 27)) == 0);
        assertArrayEquals(VirtualDeviceConfig.defaultMac(3), decodeMac(host));
        host.transport.close();
    }

    @Test
    void uartDividerGivesTheCrystal() throws Exception {
        for (int xtal : new int[] {26, 40}) {
            HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().crystalMhz(xtal).build()));
            host.sync();
            long div = host.readReg(0x60000014L).value() & 0xFFFFF;
            double estimate = 115200.0 * div / 1e6 / 2;
            assertEquals(xtal, estimate, 1.0);
            host.transport.close();
        }
    }

    @Test
    void rdidThroughSpiUserCommandFillsW0() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().flashSize(4 << 20).build()));
        host.sync();
        long base = 0x60000200L;
        host.writeReg(base + 0x1C, (1L << 31) | (1L << 28)); // USR_COMMAND | USR_MISO
        host.writeReg(base + 0x20, (24 - 1) << 8);            // MISO bit length - 1
        host.writeReg(base + 0x24, (7L << 28) | 0x9F);        // 8-bit command RDID
        host.writeReg(base + 0x40, 0);
        host.writeReg(base, 1L << 18);                        // USR: go
        assertEquals(0, host.readReg(base).value() & (1L << 18), "USR bit clears when done");
        assertEquals(0x1640C8L, host.readReg(base + 0x40).value());

        host.writeReg(base + 0x20, (8 - 1) << 8);
        host.writeReg(base + 0x24, (7L << 28) | 0x05);        // RDSR
        host.writeReg(base + 0x40, 0);
        host.writeReg(base, 1L << 18);
        assertEquals(0, host.readReg(base + 0x40).value(), "status register: idle, unprotected");
        host.transport.close();
    }

    @Test
    void flashBeginErasesTheBuggyAmount() throws Exception {
        byte[] zeros = new byte[1 << 20];
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stockFirmware(zeros).build());
        HostSide host = connect(dev);
        host.sync();
        // 2 sectors asked at sector 1: head = min(2, 16 - 1) = 2, so 4 sectors go (0x1000..0x4FFF)
        HostSide.Response r = host.command(0x02, HostSide.words(2 * 4096, 8, 0x400, 0x1000));
        assertEquals(0, r.status0());
        byte[] flash = dev.flash().snapshot();
        assertEquals(0, flash[0x0FFF]);
        for (int a = 0x1000; a < 0x5000; a++) {
            assertEquals((byte) 0xFF, flash[a], "erased at " + Integer.toHexString(a));
        }
        assertEquals(0, flash[0x5000], "sector 5 untouched");
        host.transport.close();
    }

    @Test
    void flashDataChecksumSequenceAndNorSemantics() throws Exception {
        byte[] stock = new byte[1 << 20];
        Arrays.fill(stock, (byte) 0xF0);
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stockFirmware(stock).build());
        HostSide host = connect(dev);
        host.sync();
        assertEquals(0, host.command(0x02, HostSide.words(0, 2, 0x400, 0x8000)).status0(), "begin without erase");
        byte[] block = new byte[0x400];
        Arrays.fill(block, (byte) 0xFF);
        block[7] = (byte) 0x3C; // read back as 0xF0...0x30...: its XOR checksum differs from the data's
        HostSide.Response bad = host.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block) ^ 1);
        assertEquals(1, bad.status0());
        assertEquals(0x07, bad.status1());
        HostSide.Response wrongSeq = host.command(0x03, HostSide.dataPayload(block, 1), HostSide.checksum(block));
        assertEquals(1, wrongSeq.status0());
        assertEquals(0x05, wrongSeq.status1());
        HostSide.Response written = host.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block));
        // programming unerased NOR gives old AND new (0xF0 & 0x3C = 0x30); the ROM's read-back check sees it
        assertEquals(1, written.status0());
        assertEquals(0x08, written.status1());
        assertEquals((byte) 0x30, dev.flash().read(0x8007, 1)[0]);
        host.transport.close();
    }

    @Test
    void romWritesAfterAProperEraseAndRunsUserCode() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().build());
        HostSide host = connect(dev);
        host.sync();
        byte[] block = new byte[0x400];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        block[0] = (byte) 0xE9;
        block[1] = 3;
        assertEquals(0, host.command(0x02, HostSide.words(0x400, 1, 0x400, 0)).status0());
        assertEquals(0, host.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block)).status0());
        assertArrayEquals(block, dev.flash().read(0, 0x400));
        assertEquals(0, host.command(0x04, HostSide.words(1)).status0());
        byte[] rest = host.drainRaw(300);
        host.stray.write(rest);
        String console = host.stray.toString(StandardCharsets.US_ASCII);
        assertTrue(console.contains("user code started (image with 3 segments)"), console);
        host.transport.close();
    }

    @Test
    void commandsTheEsp8266RomLacksAnswerInvalidMessage() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().build()));
        host.sync();
        for (int op : new int[] {0x0D, 0x0F, 0x10, 0x13, 0xD0, 0xD2}) {
            HostSide.Response r = host.command(op, HostSide.words(0, 0));
            assertNotNull(r, "op " + op);
            assertEquals(2, r.size());
            assertEquals(1, r.status0());
            assertEquals(0x05, r.status1());
        }
        assertEquals(0, host.command(0x0B, HostSide.words(0, 1 << 20, 0x10000, 4096, 256, 0xFFFF)).status0());
        host.transport.close();
    }

    @Test
    void memEndWithEntryStartsTheStubWhichSaysOhai() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().build()));
        host.sync();
        byte[] code = new byte[64];
        Arrays.fill(code, (byte) 0x11);
        assertEquals(0, host.command(0x05, HostSide.words(64, 1, 0x1800, 0x4010E000L)).status0());
        assertEquals(0, host.command(0x07, HostSide.dataPayload(code, 0), HostSide.checksum(code)).status0());
        assertEquals(0, host.command(0x06, HostSide.words(0, 0x4010E004L)).status0());
        assertArrayEquals("OHAI".getBytes(StandardCharsets.US_ASCII), host.frame(2000));
        // the stub answers SYNC with value 0 (how esptool notices a stub)
        host.send(0x08, HostSide.syncPayload());
        HostSide.Response r = host.response(0x08, 2000);
        assertEquals(0, r.value());
        host.transport.close();
    }

    @Test
    void esp32AnswersSyncWithFourStatusBytesAndItsMagic() throws Exception {
        HostSide host = connect(new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP32).build()));
        String banner = new String(host.drainRaw(150), StandardCharsets.US_ASCII);
        assertTrue(banner.contains("waiting for download"), banner);
        host.send(0x08, HostSide.syncPayload());
        HostSide.Response r = host.response(0x08, 2000);
        assertEquals(4, r.size());
        assertEquals(0x00F01D83L, host.readReg(0x40001000L).value());
        host.transport.close();
    }

    static long[] efuses(HostSide host) throws Exception {
        long[] e = new long[4];
        for (int i = 0; i < 4; i++) {
            e[i] = host.readReg(0x3FF00050L + 4L * i).value();
        }
        return e;
    }

    /** esptool's ESP8266 MAC rule, written out independently of the emulator. */
    static byte[] decodeMac(HostSide host) throws Exception {
        long[] e = efuses(host);
        int[] oui;
        if (e[3] != 0) {
            oui = new int[] {(int) (e[3] >> 16) & 0xFF, (int) (e[3] >> 8) & 0xFF, (int) e[3] & 0xFF};
        } else if (((e[1] >> 16) & 0xFF) == 0) {
            oui = new int[] {0x18, 0xFE, 0x34};
        } else if (((e[1] >> 16) & 0xFF) == 1) {
            oui = new int[] {0xAC, 0xD0, 0x74};
        } else {
            throw new AssertionError("unknown OUI");
        }
        return new byte[] {(byte) oui[0], (byte) oui[1], (byte) oui[2],
            (byte) (e[1] >> 8), (byte) e[1], (byte) (e[0] >> 24)};
    }
}

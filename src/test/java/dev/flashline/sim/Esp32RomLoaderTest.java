package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The virtual ESP32 / ESP32-C3 ROM loaders against raw requests built by hand. */
class Esp32RomLoaderTest {
    private static final byte[] MAC = {0x24, 0x0A, (byte) 0xC4, 0x12, 0x34, 0x56};
    private HostSide host;

    private VirtualDevice device(Chip chip) {
        return new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).mac(MAC).build());
    }

    private HostSide connect(VirtualDevice dev) throws Exception {
        host = new HostSide(dev.connect());
        return host;
    }

    @AfterEach
    void close() throws Exception {
        if (host != null) {
            host.transport.close();
        }
    }

    @Test
    void bannerIsReadableAt115200AndSyncHasFourStatusBytes() throws Exception {
        for (Chip chip : new Chip[] {Chip.ESP32, Chip.ESP32C3}) {
            HostSide h = connect(device(chip));
            String banner = new String(h.drainRaw(150), StandardCharsets.US_ASCII);
            assertTrue(banner.contains("waiting for download"), banner);
            assertTrue(banner.contains(chip == Chip.ESP32 ? "boot:0x3 (DOWNLOAD_BOOT" : "ESP-ROM:esp32c3"), banner);
            h.send(0x08, HostSide.syncPayload());
            for (int i = 0; i < 8; i++) {
                HostSide.Response r = h.response(0x08, 2000);
                assertNotNull(r, "answer " + i);
                assertArrayEquals(new byte[] {1, 8, 4, 0, 7, 7, 0x12, 0x20, 0, 0, 0, 0}, r.raw());
            }
            assertNull(h.response(0x08, 150), "no ninth answer");
            h.transport.close();
        }
    }

    @Test
    void esp32IsDetectedByMagicAndRefusesSecurityInfo() throws Exception {
        HostSide h = connect(device(Chip.ESP32));
        h.sync();
        assertEquals(0x00F01D83L, h.readReg(0x40001000L).value());
        HostSide.Response r = h.command(0x14, new byte[0]);
        assertEquals(4, r.size(), "error answer: status bytes only");
        assertEquals(1, r.romStatus());
        assertEquals(0x05, r.romError());
    }

    @Test
    void esp32c3AnswersSecurityInfoWithChipId5() throws Exception {
        HostSide h = connect(device(Chip.ESP32C3));
        h.sync();
        HostSide.Response r = h.command(0x14, new byte[0]);
        assertEquals(24, r.size());
        assertEquals(0, r.romStatus());
        byte[] b = r.body();
        assertEquals(0, u32(b, 0), "no security flags");
        assertEquals(5, u32(b, 12), "chip id");
        assertEquals(0x1B31506FL, h.readReg(0x40001000L).value(), "ECO3 magic for older clients");
    }

    @Test
    void esp32EfusesDecodeToMacRevisionAndPackage() throws Exception {
        HostSide h = connect(device(Chip.ESP32));
        h.sync();
        long base = 0x3FF5A000L;
        long w1 = h.readReg(base + 4).value();
        long w2 = h.readReg(base + 8).value();
        long w3 = h.readReg(base + 12).value();
        long w5 = h.readReg(base + 20).value();
        byte[] mac = {(byte) (w2 >> 8), (byte) w2, (byte) (w1 >> 24), (byte) (w1 >> 16), (byte) (w1 >> 8), (byte) w1};
        assertArrayEquals(MAC, mac);
        assertEquals(0xF5, (w2 >> 16) & 0xFF, "CRC-8/MAXIM of 24:0a:c4:12:34:56");
        long apb = h.readReg(0x3FF6607CL).value();
        long revBits = (apb >>> 31) << 2 | ((w5 >> 20) & 1) << 1 | ((w3 >> 15) & 1);
        assertEquals(7, revBits, "all three revision bits: v3");
        assertEquals(0, (w5 >> 24) & 3, "minor revision 0");
        assertEquals(1, ((w3 >> 9) & 7) | ((w3 >> 2) & 1) << 3, "package D0WD");
        long div = h.readReg(0x3FF40014L).value() & 0xFFFFF;
        assertEquals(40, 115200.0 * div / 1e6, 1.0, "crystal from the UART divider");
        // the ROM's own crystal estimate (used by the CHANGE_BAUDRATE workaround) matches the crystal
        long cali = (h.readReg(0x3FF5F06CL).value() >> 7) & 0x1FFFFFF;
        long ck8m = h.readReg(base + 16).value() & 0xFF;
        assertEquals(40e6, cali * 15625.0 * ck8m / 40, 1e5);
    }

    @Test
    void esp32c3EfusesDecodeToMacAndRevision() throws Exception {
        HostSide h = connect(device(Chip.ESP32C3));
        h.sync();
        long block1 = 0x60008844L;
        long mac0 = h.readReg(block1).value();
        long mac1 = h.readReg(block1 + 4).value();
        byte[] mac = {(byte) (mac1 >> 8), (byte) mac1, (byte) (mac0 >> 24), (byte) (mac0 >> 16), (byte) (mac0 >> 8), (byte) mac0};
        assertArrayEquals(MAC, mac);
        long w3 = h.readReg(block1 + 12).value();
        long w5 = h.readReg(block1 + 20).value();
        assertEquals(0, (w5 >> 24) & 3, "major 0");
        assertEquals(3, ((w5 >> 23) & 1) << 3 | ((w3 >> 18) & 7), "minor 3");
        assertEquals(0, (w3 >> 21) & 7, "QFN32");
    }

    @Test
    void rdidThroughTheSpiControllerGivesAGigaDevice4MbId() throws Exception {
        HostSide h = connect(device(Chip.ESP32C3));
        h.sync();
        long base = 0x60002000L;
        h.writeReg(base + 0x28, 24 - 1);                   // MISO_DLEN
        h.writeReg(base + 0x18, (1L << 31) | (1L << 28));  // USR_COMMAND | USR_MISO
        h.writeReg(base + 0x20, (7L << 28) | 0x9F);        // 8-bit command RDID
        h.writeReg(base + 0x58, 0);
        h.writeReg(base, 1L << 18);                         // USR: go
        assertEquals(0, h.readReg(base).value() & (1L << 18), "USR bit clears when done");
        assertEquals(0x1640C8L, h.readReg(base + 0x58).value() & 0xFFFFFF);
    }

    @Test
    void flashWorkNeedsSpiAttachFirst() throws Exception {
        HostSide h = connect(device(Chip.ESP32));
        h.sync();
        HostSide.Response before = h.command(0x02, HostSide.words(0x1000, 1, 0x400, 0x10000));
        assertEquals(1, before.romStatus());
        assertEquals(1, h.command(0x0E, HostSide.words(0, 16)).romStatus(), "READ_FLASH_SLOW too");
        HostSide.Response oneWord = h.command(0x0D, HostSide.words(0));
        assertEquals(1, oneWord.romStatus(), "the ROM's SPI_ATTACH takes two words");
        assertEquals(0, h.command(0x0D, HostSide.words(0, 0)).romStatus());
        assertEquals(0, h.command(0x0B, HostSide.words(0, 4 << 20, 0x10000, 0x1000, 0x100, 0xFFFF)).romStatus());
        assertEquals(0, h.command(0x02, HostSide.words(0x1000, 1, 0x400, 0x10000)).romStatus());
    }

    @Test
    void compressedWriteLandsInFlashAndRomMd5IsHex() throws Exception {
        for (Chip chip : new Chip[] {Chip.ESP32, Chip.ESP32C3}) {
            VirtualDevice dev = device(chip);
            HostSide h = connect(dev);
            h.sync();
            attach(h);
            byte[] data = new byte[40_000];
            new Random(7).nextBytes(data);
            Arrays.fill(data, 10_000, 30_000, (byte) 0x5A);
            byte[] packed = deflate(data);
            int block = 0x400;
            int blocks = (packed.length + block - 1) / block;
            int writeSize = (data.length + block - 1) / block * block;
            long offset = 0x10000;
            byte[] begin = chip == Chip.ESP32C3
                    ? HostSide.words(writeSize, blocks, block, offset, 0)
                    : HostSide.words(writeSize, blocks, block, offset);
            assertEquals(0, h.command(0x10, begin).romStatus());
            for (int seq = 0; seq < blocks; seq++) {
                byte[] part = Arrays.copyOfRange(packed, seq * block, Math.min(packed.length, (seq + 1) * block));
                HostSide.Response r = h.command(0x11, HostSide.dataPayload(part, seq), HostSide.checksum(part));
                assertEquals(0, r.romStatus(), "block " + seq);
            }
            assertArrayEquals(data, dev.flash().read((int) offset, data.length));
            HostSide.Response md5 = h.command(0x13, HostSide.words(offset, data.length, 0, 0));
            assertEquals(32 + 4, md5.size());
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
            assertEquals(expected, new String(md5.body(), 0, 32, StandardCharsets.US_ASCII));
            h.transport.close();
        }
    }

    @Test
    void badChecksumAndWrongSequenceAreRefused() throws Exception {
        HostSide h = connect(device(Chip.ESP32));
        h.sync();
        attach(h);
        byte[] block = new byte[0x400];
        assertEquals(0, h.command(0x02, HostSide.words(0x800, 2, 0x400, 0)).romStatus());
        HostSide.Response bad = h.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block) ^ 1);
        assertEquals(0x07, bad.romError());
        HostSide.Response skipped = h.command(0x03, HostSide.dataPayload(block, 1), HostSide.checksum(block));
        assertEquals(0x05, skipped.romError());
        assertEquals(0, h.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block)).romStatus());
    }

    @Test
    void readFlashSlowGivesA64ByteBlock() throws Exception {
        byte[] stock = new byte[0x2000];
        new Random(3).nextBytes(stock);
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP32).stockFirmware(stock).build());
        HostSide h = connect(dev);
        h.sync();
        attach(h);
        HostSide.Response r = h.command(0x0E, HostSide.words(0x1000, 64));
        assertEquals(64 + 4, r.size());
        assertEquals(0, r.romStatus());
        assertArrayEquals(Arrays.copyOfRange(stock, 0x1000, 0x1040), Arrays.copyOf(r.body(), 64));
        HostSide.Response tooLong = h.command(0x0E, HostSide.words(0, 65));
        assertEquals(1, tooLong.romStatus());
        assertEquals(0x0A, tooLong.romError());
    }

    @Test
    void stubOnlyCommandsAreUnknownToTheRom() throws Exception {
        HostSide h = connect(device(Chip.ESP32C3));
        h.sync();
        attach(h);
        for (int op : new int[] {0xD0, 0xD1, 0xD2}) {
            byte[] args = op == 0xD0 ? new byte[0] : op == 0xD1 ? HostSide.words(0, 0x1000) : HostSide.words(0, 16, 16, 1);
            HostSide.Response r = h.command(op, args);
            assertEquals(1, r.romStatus(), "op " + op);
            assertEquals(0x05, r.romError());
        }
    }

    @Test
    void changeBaudrateMovesTheRomToTheNewRate() throws Exception {
        HostSide h = connect(device(Chip.ESP32));
        h.sync();
        HostSide.Response r = h.command(0x0F, HostSide.words(921600, 0));
        assertEquals(0, r.romStatus());
        h.transport.setBaudRate(921600);
        Thread.sleep(50);
        h.transport.flushInput();
        assertEquals(0x00F01D83L, h.readReg(0x40001000L).value(), "understood at 921600");
        h.transport.setBaudRate(115200);
        h.send(0x0A, HostSide.words(0x40001000L));
        assertNull(h.response(0x0A, 300), "garbled at the old rate");
    }

    @Test
    void aRamImageStartedAtItsEntryAnswersAsTheStub() throws Exception {
        HostSide h = connect(device(Chip.ESP32C3));
        h.sync();
        byte[] text = new byte[0x1800 + 100];
        new Random(1).nextBytes(text);
        assertEquals(0, h.command(0x05, HostSide.words(text.length, 2, 0x1800, 0x40380000L)).romStatus());
        for (int seq = 0; seq < 2; seq++) {
            byte[] part = Arrays.copyOfRange(text, seq * 0x1800, Math.min(text.length, (seq + 1) * 0x1800));
            assertEquals(0, h.command(0x07, HostSide.dataPayload(part, seq), HostSide.checksum(part)).romStatus());
        }
        h.send(0x06, HostSide.words(0, 0x40380400L));
        assertNotNull(h.response(0x06, 2000));
        assertArrayEquals("OHAI".getBytes(StandardCharsets.US_ASCII), h.frame(2000));
        h.send(0x08, HostSide.syncPayload());
        HostSide.Response stub = h.response(0x08, 2000);
        assertEquals(0, stub.value(), "the stub answers SYNC with value 0");
        assertEquals(2, stub.size(), "the stub sends two status bytes");
        HostSide.Response info = h.command(0x14, new byte[0]);
        assertEquals(22, info.size(), "the C3 stub passes the ROM's security info on");
        assertEquals(5, u32(info.body(), 12));
        HostSide.Response begin = h.command(0x02, HostSide.words(0x1000, 1, 0x4000, 0x10000, 0));
        assertEquals(0, begin.status0(), "the stub takes esptool's five-word FLASH_BEGIN");
    }

    @Test
    void esp32c3WatchdogResetBootsFromFlash() throws Exception {
        HostSide h = connect(device(Chip.ESP32C3));
        h.sync();
        h.writeReg(0x600080A8L, 0x50D83AA1L);
        h.writeReg(0x60008094L, 2000);
        h.send(0x09, HostSide.words(0x60008090L, (1L << 31) | (5L << 28) | (1 << 8) | 2, 0xFFFFFFFFL, 0));
        String after = new String(h.drainRaw(400), StandardCharsets.US_ASCII);
        assertTrue(after.contains("rst:0x10 (RTCWDT_RTC_RST),boot:0xc (SPI_FAST_FLASH_BOOT)"), after);
    }

    @Test
    void esp32WatchdogNeedsTheKeyThenResets() throws Exception {
        HostSide h = connect(device(Chip.ESP32));
        h.sync();
        h.writeReg(0x3FF4808CL, 1L << 31); // locked: nothing happens
        assertEquals(0x00F01D83L, h.readReg(0x40001000L).value(), "still in the ROM loader");
        h.writeReg(0x3FF480A4L, 0x50D83AA1L);
        h.send(0x09, HostSide.words(0x3FF4808CL, 1L << 31, 0xFFFFFFFFL, 0));
        String after = new String(h.drainRaw(400), StandardCharsets.US_ASCII);
        assertTrue(after.contains("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)"), after);
    }

    @Test
    void esp8266RomTakesTheFiveWordFlashBegin() throws Exception {
        HostSide h = connect(new VirtualDevice(VirtualDeviceConfig.builder().build()));
        h.sync();
        HostSide.Response r = h.command(0x02, HostSide.words(0x1000, 4, 0x400, 0x20000, 0));
        assertEquals(0, r.status0(), "status");
        assertEquals(0, r.status1(), "error");
    }

    private static void attach(HostSide h) throws Exception {
        assertEquals(0, h.command(0x0D, HostSide.words(0, 0)).romStatus());
        assertEquals(0, h.command(0x0B, HostSide.words(0, 4 << 20, 0x10000, 0x1000, 0x100, 0xFFFF)).romStatus());
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(9);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        return out.toByteArray();
    }

    private static long u32(byte[] b, int at) {
        return Opcodes.u32(b, at);
    }
}

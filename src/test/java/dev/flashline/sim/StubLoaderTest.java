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
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class StubLoaderTest {

    /** Syncs with the ROM and uploads a (dummy) RAM image the way esptool starts its stub. */
    static HostSide intoStub(VirtualDevice device) throws Exception {
        HostSide host = new HostSide(device.connect());
        host.sync();
        byte[] code = new byte[32];
        assertEquals(0, host.command(0x05, HostSide.words(32, 1, 0x1800, 0x4010E000L)).status0());
        assertEquals(0, host.command(0x07, HostSide.dataPayload(code, 0), HostSide.checksum(code)).status0());
        assertEquals(0, host.command(0x06, HostSide.words(0, 0x4010E000L)).status0());
        assertArrayEquals("OHAI".getBytes(StandardCharsets.US_ASCII), host.frame(2000));
        return host;
    }

    static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    static byte[] randomImage(int size, long seed) {
        byte[] image = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            image[i] = (byte) (r.nextInt(8) == 0 ? r.nextInt(256) : i / 97); // compressible, not trivial
        }
        return image;
    }

    /** esptool's compressed write: DEFL_BEGIN(uncompressed size, blocks, 0x4000, offset), DEFL_DATA, DEFL_END. */
    static void deflWrite(HostSide host, byte[] image, int offset) throws Exception {
        Deflater deflater = new Deflater(9);
        deflater.setInput(image);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            z.write(buf, 0, deflater.deflate(buf));
        }
        byte[] compressed = z.toByteArray();
        int block = 0x4000;
        int blocks = (compressed.length + block - 1) / block;
        HostSide.Response begin = host.command(0x10, HostSide.words(image.length, blocks, block, offset));
        assertEquals(0, begin.status0());
        for (int seq = 0; seq < blocks; seq++) {
            byte[] chunk = Arrays.copyOfRange(compressed, seq * block, Math.min(compressed.length, (seq + 1) * block));
            HostSide.Response r = host.command(0x11, HostSide.dataPayload(chunk, seq), HostSide.checksum(chunk));
            assertEquals(0, r.status0(), "block " + seq);
        }
        assertEquals(0, host.command(0x12, HostSide.words(1)).status0());
    }

    static byte[] flashMd5(HostSide host, int offset, int size) throws Exception {
        HostSide.Response r = host.command(0x13, HostSide.words(offset, size, 0, 0));
        assertEquals(18, r.size());
        assertEquals(0, r.status0());
        return Arrays.copyOf(r.body(), 16);
    }

    @Test
    void compressedWriteThenMd5() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().build());
        HostSide host = intoStub(dev);
        byte[] image = randomImage(100_000, 1);
        deflWrite(host, image, 0x10000);
        assertArrayEquals(image, dev.flash().read(0x10000, image.length));
        assertArrayEquals(md5(image), flashMd5(host, 0x10000, image.length));
        // no ROM erase quirk in the stub: the sector after the image's last one is untouched
        int end = 0x10000 + image.length;
        int nextSector = (end + 4095) / 4096 * 4096;
        dev.flash().load(nextSector, new byte[] {0x12});
        deflWrite(host, image, 0x10000);
        assertEquals(0x12, dev.flash().read(nextSector, 1)[0]);
        host.transport.close();
    }

    @Test
    void dataErrorsUseStubCodes() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().build());
        HostSide host = intoStub(dev);
        byte[] block = new byte[0x400];
        assertEquals(0xC6, host.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block)).status0(),
                "not in flash mode");
        assertEquals(0xC2, host.command(0x02, HostSide.words(0x400, 1, 0x8000, 0)).status0(), "block too big");
        assertEquals(0, host.command(0x02, HostSide.words(0x400, 1, 0x400, 0)).status0());
        HostSide.Response bad = host.command(0x03, HostSide.dataPayload(block, 0), HostSide.checksum(block) ^ 0x10);
        assertEquals(0xC1, bad.status0());
        assertEquals(0, bad.status1());
        assertEquals(0xFF, host.command(0x0E, HostSide.words(0, 0)).status0(), "not implemented");
        assertEquals(0xC0, host.command(0x0A, new byte[3]).status0(), "bad length");
        // garbage where zlib data should be: flashline's stub answers a block once written, with its error
        assertEquals(0, host.command(0x10, HostSide.words(0x1000, 1, 0x4000, 0)).status0());
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(0xC7, host.command(0x11, HostSide.dataPayload(junk, 0), HostSide.checksum(junk)).status0());
        host.transport.close();
    }

    @Test
    void esptoolsStubAnswersADataBlockBeforeWritingIt() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stubReadsCompressed(false).build());
        HostSide host = intoStub(dev);
        // garbage where zlib data should be: the inflate error shows on the next answer
        assertEquals(0, host.command(0x10, HostSide.words(0x1000, 1, 0x4000, 0)).status0());
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(0, host.command(0x11, HostSide.dataPayload(junk, 0), HostSide.checksum(junk)).status0());
        assertEquals(0xC7, host.command(0x12, HostSide.words(1)).status0());
        host.transport.close();
    }

    @Test
    void readFlashStreamsBlocksWithAcksAndEndsWithMd5() throws Exception {
        byte[] stock = randomImage(1 << 20, 7);
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stockFirmware(stock).build());
        HostSide host = intoStub(dev);
        int offset = 0x3000;
        int length = 10_000;
        int blockSize = 0x1000;
        int maxInFlight = 2 * blockSize; // bytes: two blocks may be unacknowledged
        assertEquals(0, host.command(0xD2, HostSide.words(offset, length, blockSize, maxInFlight)).status0());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] first = host.frame(2000);
        byte[] second = host.frame(2000);
        assertEquals(blockSize, first.length);
        assertEquals(blockSize, second.length);
        assertNull(host.frame(200), "window full until acknowledged");
        got.write(first);
        got.write(second);
        host.sendFrame(HostSide.words(got.size()));
        while (got.size() < length) {
            byte[] data = host.frame(2000);
            assertNotNull(data);
            got.write(data);
            host.sendFrame(HostSide.words(got.size()));
        }
        byte[] expected = Arrays.copyOfRange(stock, offset, offset + length);
        assertArrayEquals(expected, got.toByteArray());
        assertArrayEquals(md5(expected), host.frame(2000));
        host.transport.close();
    }

    /** READ_FLASH_DEFL: answer, raw DEFLATE frames acknowledged by compressed totals, then the MD5. */
    @Test
    void compressedReadStreamsDeflateWithAcksAndEndsWithMd5() throws Exception {
        byte[] stock = StockFlash.build(1 << 20, VirtualDeviceConfig.defaultMac(4));
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stockFirmware(stock).build());
        HostSide host = intoStub(dev);
        int offset = 0x1000;
        int length = 300_001;
        int frame = 0x400;
        assertEquals(0, host.command(0xE0, HostSide.words(offset, length, frame, 2)).status0());
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        byte[] out = new byte[length];
        int got = 0;
        long compressed = 0;
        java.util.List<byte[]> held = new java.util.ArrayList<>();
        held.add(host.frame(2000));
        held.add(host.frame(2000));
        assertTrue(held.get(0) != null && held.get(0).length == frame && held.get(1) != null, "two full frames");
        assertTrue(host.frame(200) == null, "no third frame before an acknowledgement");
        while (!inflater.finished()) {
            byte[] f = held.isEmpty() ? host.frame(2000) : held.remove(0);
            assertNotNull(f, "data frame after " + compressed + " compressed bytes");
            assertTrue(f.length >= 1 && f.length <= frame, "frame of " + f.length);
            compressed += f.length;
            host.sendFrame(HostSide.words(compressed));
            inflater.setInput(f);
            while (!inflater.needsInput() && !inflater.finished()) {
                got += inflater.inflate(out, got, length - got);
            }
        }
        byte[] expected = Arrays.copyOfRange(stock, offset, offset + length);
        assertArrayEquals(expected, out);
        assertEquals(length, got);
        assertTrue(compressed < length, "stock firmware compresses: " + compressed);
        assertArrayEquals(md5(expected), host.frame(2000), "MD5 of the uncompressed range");
        assertEquals(0xC2, host.command(0xE0, HostSide.words(0, 16, 0, 1)).status0(), "frame size 0");
        assertEquals(0xC4, host.command(0xE0, HostSide.words(0xFF000, 0x2000, 0x1000, 1)).status0(), "past the end");
        host.transport.close();
    }

    @Test
    void esptoolLikeStubDoesNotKnowTheCompressedRead() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stubReadsCompressed(false).build());
        HostSide host = intoStub(dev);
        assertEquals(0xC3, host.command(0xE0, HostSide.words(0, 4096, 0x1000, 64)).status0());
        assertEquals(0, host.command(0xD2, HostSide.words(0, 4096, 0x1000, 0x1000)).status0(), "plain read still works");
        host.transport.close();
    }

    @Test
    void eraseRegionAndEraseFlash() throws Exception {
        byte[] zeros = new byte[1 << 20];
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().stockFirmware(zeros).build());
        HostSide host = intoStub(dev);
        assertEquals(0x32, host.command(0xD1, HostSide.words(0x1001, 0x1000)).status0());
        assertEquals(0x33, host.command(0xD1, HostSide.words(0x1000, 0x800)).status0());
        assertEquals(0, host.command(0xD1, HostSide.words(0x2000, 0x2000)).status0());
        byte[] f = dev.flash().snapshot();
        assertEquals(0, f[0x1FFF]);
        assertEquals((byte) 0xFF, f[0x2000]);
        assertEquals((byte) 0xFF, f[0x3FFF]);
        assertEquals(0, f[0x4000]);
        assertTrue(host.command(0xD1, HostSide.words(0xFF000, 0x2000)).status0() != 0, "past the chip: error");
        assertEquals(0, host.command(0xD0, new byte[0]).status0());
        assertTrue(allFf(dev.flash().snapshot()));
        host.transport.close();
    }

    @Test
    void runUserCodeSendsNoAnswerAndBootsTheFirmware() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().build());
        HostSide host = intoStub(dev);
        host.send(0xD3, new byte[0]);
        byte[] out = host.drainRaw(300);
        String console = new String(out, StandardCharsets.US_ASCII);
        assertTrue(console.contains("no bootable image"), console);
        assertTrue(!console.contains("\u00c0\u0001"), "no SLIP answer");
        host.transport.close();
    }

    @Test
    void flashEndZeroRebootsIntoTheRom() throws Exception {
        VirtualDevice dev = new VirtualDevice(VirtualDeviceConfig.builder().bootJunk(false).build());
        HostSide host = intoStub(dev);
        assertEquals(0, host.command(0x02, HostSide.words(0, 0, 0x4000, 0)).status0());
        assertEquals(0, host.command(0x04, HostSide.words(0)).status0());
        host.send(0x0A, HostSide.words(0x40001000L));
        assertNull(host.response(0x0A, 300), "ROM again, not synced");
        host.sync();
        host.send(0x08, HostSide.syncPayload());
        assertEquals(0x20120707L, host.response(0x08, 1000).value(), "the ROM's SYNC value, not the stub's 0");
        host.transport.close();
    }

    static boolean allFf(byte[] b) {
        for (byte x : b) {
            if (x != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }
}

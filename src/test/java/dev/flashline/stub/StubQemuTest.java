package dev.flashline.stub;

import static dev.flashline.stub.QemuStub.checksum;
import static dev.flashline.stub.QemuStub.dataBody;
import static dev.flashline.stub.QemuStub.words;
import static dev.flashline.stub.StubOps.CHANGE_BAUDRATE;
import static dev.flashline.stub.StubOps.ERASE_REGION;
import static dev.flashline.stub.StubOps.FLASH_DEFL_BEGIN;
import static dev.flashline.stub.StubOps.FLASH_DEFL_DATA;
import static dev.flashline.stub.StubOps.FLASH_DEFL_END;
import static dev.flashline.stub.StubOps.READ_REG;
import static dev.flashline.stub.StubOps.RUN_USER_CODE;
import static dev.flashline.stub.StubOps.SPI_FLASH_MD5;
import static dev.flashline.stub.StubOps.SPI_SET_PARAMS;
import static dev.flashline.stub.StubOps.SYNC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes the committed stub JSON (the bytes a device would get) on QEMU's lx106 core with the
 * test ROM standing in for the ESP8266 mask ROM, and drives it over SLIP like a host would.
 * Skipped when QEMU or the cross compiler is absent, except under CI=true, where that fails.
 */
class StubQemuTest {
    private static Path testRom;

    @BeforeAll
    static void prerequisites() throws Exception {
        QemuStub.skipOrFail("QEMU stub test", QemuStub.missingPrerequisite());
        testRom = QemuStub.buildTestRom();
    }

    private static QemuStub startSynced(Path dir, byte[] flash) throws Exception {
        QemuStub stub = QemuStub.start(dir, testRom, flash);
        byte[] hello = stub.frame(Duration.ofSeconds(10));
        assertEquals("OHAI", new String(hello, StandardCharsets.US_ASCII), "first frame from the stub");
        byte[] sync = new byte[36];
        sync[0] = 0x07;
        sync[1] = 0x07;
        sync[2] = 0x12;
        sync[3] = 0x20;
        Arrays.fill(sync, 4, 36, (byte) 0x55);
        assertOk(stub.command(SYNC, sync), "SYNC");
        assertOk(stub.command(SPI_SET_PARAMS, words(0, QemuStub.FLASH_SIZE, 0x10000, 0x1000, 0x100, 0xFFFF)),
                "SPI_SET_PARAMS");
        return stub;
    }

    private static void assertOk(QemuStub.Response r, String what) {
        assertEquals(0, r.status(), what + ": first status byte (error 0x" + Integer.toHexString(r.status()) + ")");
        assertEquals(0, r.detail(), what + ": second status byte");
    }

    /** esptool's stub order: the error code in the first status byte, 0 in the second. */
    private static void assertError(QemuStub.Response r, int error, String what) {
        assertEquals(error, r.status(), what + ": error code in the first status byte");
        assertEquals(0, r.detail(), what + ": second status byte");
    }

    @Test
    @Timeout(60)
    void writesCompressedImageReadsItBackAndErases(@TempDir Path dir) throws Exception {
        byte[] backup = StubOps.firmwareLike(64 * 1024, 7);
        try (QemuStub stub = startSynced(dir, backup)) {
            // backup: what was in flash before anything is written
            assertArrayEquals(backup, StubOps.readFlash(stub, 0, backup.length, 0x1000, 64), "backup read");

            byte[] image = StubOps.firmwareLike(300 * 1024 + 123, 11);
            int offset = 0x20000;
            int sent = StubOps.writeDeflated(stub, offset, image);
            assertEquals(true, sent < image.length, "image should compress");

            assertArrayEquals(StubOps.md5(image, 0, image.length), StubOps.flashMd5(stub, offset, image.length),
                    "SPI_FLASH_MD5 of the written image");
            assertArrayEquals(image, StubOps.readFlash(stub, offset, image.length, 0x1000, 64), "read back");
            // the write erased only what it covered: the backup area before it is intact
            assertArrayEquals(StubOps.md5(backup, 0, backup.length), StubOps.flashMd5(stub, 0, backup.length),
                    "flash before the written region");

            assertOk(stub.command(ERASE_REGION, words(offset, 0x3000)), "ERASE_REGION");
            byte[] erased = StubOps.readFlash(stub, offset, 0x3000, 0x800, 2);
            for (int i = 0; i < erased.length; i++) {
                if (erased[i] != (byte) 0xFF) {
                    fail("byte " + i + " of the erased region is 0x" + Integer.toHexString(erased[i] & 0xFF));
                }
            }
            byte[] rest = Arrays.copyOfRange(image, 0x3000, image.length);
            assertArrayEquals(StubOps.md5(rest, 0, rest.length), StubOps.flashMd5(stub, offset + 0x3000, rest.length),
                    "data after the erased region");
        }
    }

    /** The stub's compressor on the real binary: random, erased and firmware-like thirds of the flash. */
    @Test
    @Timeout(120)
    void readsFlashCompressed(@TempDir Path dir) throws Exception {
        byte[] flash = new byte[QemuStub.FLASH_SIZE];
        new java.util.Random(5).nextBytes(flash);
        int erasedFrom = 0x40000;
        int firmwareFrom = 0x80000;
        Arrays.fill(flash, erasedFrom, firmwareFrom, (byte) 0xFF);
        byte[] firmware = StubOps.firmwareLike(QemuStub.FLASH_SIZE - firmwareFrom, 21);
        System.arraycopy(firmware, 0, flash, firmwareFrom, firmware.length);
        try (QemuStub stub = startSynced(dir, flash)) {
            int[] size = new int[1];
            byte[] random = StubOps.readFlashDeflated(stub, 0, erasedFrom, 0x1000, 64, size);
            assertArrayEquals(Arrays.copyOf(flash, erasedFrom), random, "random range");
            assertEquals(true, size[0] <= erasedFrom + 5 * (erasedFrom / 4096) + 1,
                    "random data costs at most a stored block header per 4 KiB: " + size[0]);

            byte[] erased = StubOps.readFlashDeflated(stub, erasedFrom, firmwareFrom - erasedFrom, 0x1000, 64, size);
            assertArrayEquals(Arrays.copyOfRange(flash, erasedFrom, firmwareFrom), erased, "erased range");
            assertEquals(true, size[0] < (firmwareFrom - erasedFrom) / 100, "erased flash under 1 %: " + size[0]);

            byte[] code = StubOps.readFlashDeflated(stub, firmwareFrom, firmware.length - 7, 0x400, 3, size);
            assertArrayEquals(Arrays.copyOfRange(flash, firmwareFrom, QemuStub.FLASH_SIZE - 7), code,
                    "firmware-like range, odd length, small frames, small window");
            assertEquals(true, size[0] < code.length, "firmware-like data compresses: " + size[0]);

            byte[] whole = StubOps.readFlashDeflated(stub, 0, QemuStub.FLASH_SIZE, 0x1000, 64, size);
            assertArrayEquals(flash, whole, "whole flash");
            // the stub still takes commands afterwards
            assertArrayEquals(StubOps.md5(flash, 0, 4096), StubOps.flashMd5(stub, 0, 4096), "MD5 after the reads");
            assertError(stub.command(StubOps.READ_FLASH_DEFL, words(0, 4, 0, 1)), 0xC2, "block size 0");
            assertError(stub.command(StubOps.READ_FLASH_DEFL, words(2, 4, 4096, 1)), 0xC0, "unaligned offset");
            assertError(stub.command(StubOps.READ_FLASH_DEFL, words(QemuStub.FLASH_SIZE - 4096, 8192, 4096, 1)), 0xC4,
                    "range past the end");
        }
    }

    /**
     * READ_WRITE_DEFL on the real binary: firmware-like, erased and random flash goes out as the
     * backup while a firmware-like image is written behind the read frontier, in one session.
     */
    @Test
    @Timeout(120)
    void backsUpAndWritesInOneSession(@TempDir Path dir) throws Exception {
        byte[] flash = new byte[QemuStub.FLASH_SIZE];
        new java.util.Random(41).nextBytes(flash);
        System.arraycopy(StubOps.firmwareLike(0x50000, 31), 0, flash, 0, 0x50000);
        Arrays.fill(flash, 0x50000, 0x90000, (byte) 0xFF);
        int readLength = 0xC0000;
        int writeOffset = 0x10000;
        SwapHost.Image image = SwapHost.Image.of(StubOps.firmwareLike(300_000 + 5, 32));
        int size = image.raw().length;
        try (QemuStub stub = startSynced(dir, flash)) {
            SwapHost.Result r = SwapHost.run(stub, 0, readLength, 2048, 8, writeOffset, image, 4096);
            assertEquals(0, r.error(), "session error (0x" + Integer.toHexString(r.error()) + ")");
            assertArrayEquals(Arrays.copyOf(flash, readLength), r.backup(), "backup: the flash before the session");
            assertArrayEquals(StubOps.md5(flash, 0, readLength), r.md5(), "'M': MD5 of the read range");
            assertEquals(0, r.finishStatus(), "'F' status");
            assertEquals(true, r.writeStatuses().stream().allMatch(w -> w == 0), "'W' statuses " + r.writeStatuses());

            // the stub is back in its command loop: the flash holds the image, the rest is as before
            assertArrayEquals(StubOps.md5(image.raw(), 0, size), StubOps.flashMd5(stub, writeOffset, size),
                    "image in flash");
            int end = (writeOffset + size + 4095) & ~4095;
            int padFrom = (writeOffset + size + 3) & ~3; // the last image word is padded with 0xFF
            byte[] tail = StubOps.readFlash(stub, padFrom, end - padFrom, 0x1000, 2);
            for (byte b : tail) {
                assertEquals((byte) 0xFF, b, "rest of the image's last sector");
            }
            assertArrayEquals(StubOps.md5(flash, 0, writeOffset), StubOps.flashMd5(stub, 0, writeOffset),
                    "flash before the image");
            assertArrayEquals(StubOps.md5(flash, end, QemuStub.FLASH_SIZE - end),
                    StubOps.flashMd5(stub, end, QemuStub.FLASH_SIZE - end), "flash after the image");
            assertError(stub.command(SwapHost.READ_WRITE_DEFL, words(0, 0x10000, 4096, 1, 0, 100, 4096)), 0xC0,
                    "READ_WRITE_DEFL request of 28 bytes");
            assertError(stub.command(SwapHost.READ_WRITE_DEFL, words(0, 0x10000, 4096, 1, 0x8000, 0x9000, 4096, 0)),
                    0xC0, "write region beyond the read range");
        }
    }

    @Test
    @Timeout(60)
    void rejectsBadInputWithEsptoolErrorCodes(@TempDir Path dir) throws Exception {
        try (QemuStub stub = startSynced(dir, null)) {
            byte[] z = StubOps.zlib(StubOps.firmwareLike(40000, 3));
            assertOk(stub.command(FLASH_DEFL_BEGIN, words(40000, 2, StubOps.WRITE_BLOCK, 0x40000)), "begin");
            int n = Math.min(z.length, StubOps.WRITE_BLOCK);
            assertError(stub.command(FLASH_DEFL_DATA, dataBody(0, z, 0, n), checksum(z, 0, n) ^ 0x5A,
                    Duration.ofSeconds(10)), 0xC1, "bad checksum");
            byte[] corrupt = z.clone();
            for (int i = 20; i < n; i += 97) {
                corrupt[i] ^= 0x33;
            }
            assertError(stub.command(FLASH_DEFL_DATA, dataBody(0, corrupt, 0, n), checksum(corrupt, 0, n),
                    Duration.ofSeconds(10)), 0xC7, "corrupt deflate stream");
            assertError(stub.command(FLASH_DEFL_END, words(1)), 0xC8, "end after a failed stream");
            assertError(stub.command(FLASH_DEFL_DATA, dataBody(1, z, 0, 16), checksum(z, 0, 16),
                    Duration.ofSeconds(10)), 0xC6, "data outside flash mode");
            assertError(stub.command(SPI_FLASH_MD5, words(QemuStub.FLASH_SIZE - 0x1000, 0x2000, 0, 0)), 0xC4,
                    "MD5 past the end of flash");
            assertError(stub.command(ERASE_REGION, words(0x1000, 0x800)), 0xC0, "erase of half a sector");
            assertError(stub.command(READ_REG, words(1, 2)), 0xC0, "READ_REG with the wrong length");
            assertError(stub.command(0x42, new byte[0]), 0xC3, "unknown command");

            // a baud change is acknowledged at the old rate and the stub keeps answering afterwards
            assertOk(stub.command(CHANGE_BAUDRATE, words(460800, 115200)), "CHANGE_BAUDRATE");
            QemuStub.Response size = stub.command(READ_REG, words(0x3FFFC718L));
            assertOk(size, "READ_REG after the baud change");
            assertEquals(QemuStub.FLASH_SIZE, size.value(), "ROM flashchip.chip_size as read through READ_REG");

            // RUN_USER_CODE: no answer, the stub returns to the ROM (the test ROM then exits 0)
            stub.send(RUN_USER_CODE, new byte[0], 0);
            assertEquals(0, stub.waitExit(Duration.ofSeconds(10)), "test ROM exit code after RUN_USER_CODE");
            assertFalse(stub.framesPending(), "RUN_USER_CODE must not be answered");
        }
    }
}

package dev.flashline.stub;

import static dev.flashline.stub.QemuStub.checksum;
import static dev.flashline.stub.QemuStub.dataBody;
import static dev.flashline.stub.QemuStub.words;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes the committed ESP32-C3 stub JSON (the bytes a chip would get) on QEMU's riscv32 virt
 * machine, with the test ROM (src/stub/esp32c3/qemu) standing in for the C3's mask ROM at its
 * routine addresses and recreating the C3's address map, and drives it over SLIP like a host.
 * Skipped when QEMU or the RISC-V cross compiler is absent, except under CI=true, where that fails.
 */
class StubEsp32c3QemuTest {
    private static final StubTarget C3 = StubTarget.ESP32C3;
    private static final int FLASH = C3.flashSize;
    private static final long UART0_CLKDIV = 0x60000014L;
    private static Path testRom;

    @BeforeAll
    static void prerequisites() throws Exception {
        QemuStub.skipOrFail("ESP32-C3 QEMU stub test", QemuStub.missingPrerequisite(C3));
        testRom = QemuStub.buildTestRom(C3);
    }

    private static QemuStub startSynced(Path dir, byte[] flash, Map<Long, Integer> preloads) throws Exception {
        QemuStub stub = QemuStub.start(C3, dir, testRom, flash, preloads, false);
        byte[] hello = stub.frame(Duration.ofSeconds(10));
        assertEquals("OHAI", new String(hello, StandardCharsets.US_ASCII), "first frame from the stub");
        byte[] sync = new byte[36];
        sync[0] = 0x07;
        sync[1] = 0x07;
        sync[2] = 0x12;
        sync[3] = 0x20;
        Arrays.fill(sync, 4, 36, (byte) 0x55);
        QemuStub.Response r = stub.command(StubOps.SYNC, sync);
        assertOk(r, "SYNC");
        assertFalse(stub.framesPending(), "SYNC is answered once by the stub");
        // the C3 ROM's flash driver works only once attached: the stub must pass SPI_ATTACH on
        assertError(stub.command(StubOps.SPI_FLASH_MD5, words(0, 4096, 0, 0)), 0xC4, "MD5 before SPI_ATTACH");
        assertOk(stub.command(StubOps.SPI_ATTACH, words(0)), "SPI_ATTACH");
        assertOk(stub.command(StubOps.SPI_SET_PARAMS, words(0, FLASH, 0x10000, 0x1000, 0x100, 0xFFFF)),
                "SPI_SET_PARAMS");
        return stub;
    }

    private static void assertOk(QemuStub.Response r, String what) {
        assertEquals(0, r.status(), what + ": first status byte (error 0x" + Integer.toHexString(r.status()) + ")");
        assertEquals(0, r.detail(), what + ": second status byte");
    }

    private static void assertError(QemuStub.Response r, int error, String what) {
        assertEquals(error, r.status(), what + ": error code in the first status byte");
        assertEquals(0, r.detail(), what + ": second status byte");
    }

    private static void assertErased(QemuStub stub, int offset, int length, String what) throws Exception {
        byte[] ff = new byte[length];
        Arrays.fill(ff, (byte) 0xFF);
        assertArrayEquals(StubOps.md5(ff, 0, length), StubOps.flashMd5(stub, offset, length), what);
    }

    @Test
    @Timeout(120)
    void writesPlainAndCompressedImagesReadsThemBackAndErases(@TempDir Path dir) throws Exception {
        byte[] backup = StubOps.firmwareLike(64 * 1024, 7);
        try (QemuStub stub = startSynced(dir, backup, Map.of())) {
            assertArrayEquals(backup, StubOps.readFlash(stub, 0, backup.length, 0x1000, 64), "backup read");

            // plain write, unaligned length: the last block goes out padded with 0xFF
            byte[] plain = StubOps.firmwareLike(20_000 + 7, 3);
            int plainAt = 0x100000;
            StubOps.writePlain(stub, plainAt, plain);
            assertArrayEquals(StubOps.md5(plain, 0, plain.length), StubOps.flashMd5(stub, plainAt, plain.length),
                    "SPI_FLASH_MD5 of the plain write");
            assertArrayEquals(plain, StubOps.readFlash(stub, plainAt, plain.length, 0x1000, 8), "plain write read back");

            // compressed write near the end of the 4 MiB flash
            byte[] image = StubOps.firmwareLike(96 * 1024 + 123, 11);
            int imageAt = 0x300000;
            int sent = StubOps.writeDeflated(stub, imageAt, image);
            assertTrue(sent < image.length, "image should compress");
            assertArrayEquals(StubOps.md5(image, 0, image.length), StubOps.flashMd5(stub, imageAt, image.length),
                    "SPI_FLASH_MD5 of the compressed write");
            int[] size = new int[1];
            assertArrayEquals(image, StubOps.readFlashDeflated(stub, imageAt, image.length, 0x1000, 64, size),
                    "compressed write read back with READ_FLASH_DEFL");
            assertTrue(size[0] < image.length, "READ_FLASH_DEFL compresses firmware-like data: " + size[0]);

            // nothing outside the written ranges was touched
            assertArrayEquals(StubOps.md5(backup, 0, backup.length), StubOps.flashMd5(stub, 0, backup.length),
                    "flash before the written regions");
            assertErased(stub, plainAt + 0x5000, imageAt - plainAt - 0x5000, "flash between the written regions");

            assertOk(stub.command(StubOps.ERASE_REGION, words(imageAt, 0x3000)), "ERASE_REGION");
            assertErased(stub, imageAt, 0x3000, "erased region");
            byte[] rest = Arrays.copyOfRange(image, 0x3000, image.length);
            assertArrayEquals(StubOps.md5(rest, 0, rest.length), StubOps.flashMd5(stub, imageAt + 0x3000, rest.length),
                    "data after the erased region");
        }
    }

    /** The shared compressor on the RISC-V binary: random, erased and firmware-like parts, then all 4 MiB. */
    @Test
    @Timeout(180)
    void readsFlashCompressed(@TempDir Path dir) throws Exception {
        byte[] flash = new byte[FLASH];
        Arrays.fill(flash, (byte) 0xFF);
        byte[] random = new byte[0x40000];
        new java.util.Random(5).nextBytes(random);
        System.arraycopy(random, 0, flash, 0, random.length);
        int firmwareFrom = 0x80000;
        byte[] firmware = StubOps.firmwareLike(0x80000, 21);
        System.arraycopy(firmware, 0, flash, firmwareFrom, firmware.length);
        try (QemuStub stub = startSynced(dir, flash, Map.of())) {
            int[] size = new int[1];
            assertArrayEquals(random, StubOps.readFlashDeflated(stub, 0, random.length, 0x1000, 64, size), "random");
            assertTrue(size[0] <= random.length + 5 * (random.length / 4096) + 1,
                    "random data costs at most a stored block header per 4 KiB: " + size[0]);
            byte[] code = StubOps.readFlashDeflated(stub, firmwareFrom, firmware.length - 6, 0x400, 3, size);
            assertArrayEquals(Arrays.copyOf(firmware, firmware.length - 6), code,
                    "firmware-like range, odd length, small frames, small window");
            byte[] whole = StubOps.readFlashDeflated(stub, 0, FLASH, 0x1000, 64, size);
            assertArrayEquals(flash, whole, "whole 4 MiB flash");
            assertTrue(size[0] < FLASH / 3, "mostly erased flash compresses: " + size[0]);
            assertError(stub.command(StubOps.READ_FLASH_DEFL, words(2, 4, 4096, 1)), 0xC0, "unaligned offset");
            assertError(stub.command(StubOps.READ_FLASH_DEFL, words(FLASH - 4096, 8192, 4096, 1)), 0xC4,
                    "range past the end");
        }
    }

    /** READ_WRITE_DEFL on the RISC-V binary: backup of 384 KiB with a 100 KB image written behind it. */
    @Test
    @Timeout(180)
    void backsUpAndWritesInOneSession(@TempDir Path dir) throws Exception {
        int readOffset = 0x200000;
        int readLength = 0x60000;
        byte[] flash = new byte[FLASH];
        Arrays.fill(flash, (byte) 0xFF);
        System.arraycopy(StubOps.firmwareLike(0x30000, 51), 0, flash, readOffset, 0x30000);
        byte[] random = new byte[0x10000];
        new java.util.Random(52).nextBytes(random);
        System.arraycopy(random, 0, flash, readOffset + 0x50000, random.length);
        int writeOffset = readOffset + 0x1000;
        SwapHost.Image image = SwapHost.Image.of(StubOps.firmwareLike(100_000 + 3, 53));
        int size = image.raw().length;
        try (QemuStub stub = startSynced(dir, flash, Map.of())) {
            SwapHost.Result r = SwapHost.run(stub, readOffset, readLength, 4096, 8, writeOffset, image, 2048);
            assertEquals(0, r.error(), "session error (0x" + Integer.toHexString(r.error()) + ")");
            assertArrayEquals(Arrays.copyOfRange(flash, readOffset, readOffset + readLength), r.backup(),
                    "backup: the flash before the session");
            assertArrayEquals(StubOps.md5(flash, readOffset, readLength), r.md5(), "'M': MD5 of the read range");
            assertEquals(0, r.finishStatus(), "'F' status");
            assertTrue(r.writeStatuses().stream().allMatch(w -> w == 0), "'W' statuses " + r.writeStatuses());

            assertArrayEquals(StubOps.md5(image.raw(), 0, size), StubOps.flashMd5(stub, writeOffset, size),
                    "image in flash");
            int end = (writeOffset + size + 4095) & ~4095;
            int padFrom = (writeOffset + size + 3) & ~3; // the last image word is padded with 0xFF
            assertErased(stub, padFrom, end - padFrom, "rest of the last sector");
            assertArrayEquals(StubOps.md5(flash, 0, writeOffset), StubOps.flashMd5(stub, 0, writeOffset),
                    "flash before the image");
            assertArrayEquals(StubOps.md5(flash, end, FLASH - end), StubOps.flashMd5(stub, end, FLASH - end),
                    "flash after the image");
        }
    }

    @Test
    @Timeout(120)
    void erasesTheChipSwitchesBaudRejectsBadInputAndResetsOnRunUserCode(@TempDir Path dir) throws Exception {
        // UART0 as the ROM leaves it after syncing at 115200 from a 40 MHz clock: 5556/16
        int romDivider = 347 | (4 << 20);
        byte[] old = StubOps.firmwareLike(0x20000, 9);
        try (QemuStub stub = startSynced(dir, old, Map.of(UART0_CLKDIV, romDivider))) {
            assertOk(stub.command(StubOps.ERASE_FLASH, new byte[0], 0, Duration.ofSeconds(30)), "ERASE_FLASH");
            assertErased(stub, 0, FLASH, "whole flash after ERASE_FLASH");

            byte[] z = StubOps.zlib(StubOps.firmwareLike(40000, 3));
            assertOk(stub.command(StubOps.FLASH_DEFL_BEGIN, words(40000, 2, StubOps.WRITE_BLOCK, 0x40000)), "begin");
            int n = Math.min(z.length, StubOps.WRITE_BLOCK);
            assertError(stub.command(StubOps.FLASH_DEFL_DATA, dataBody(0, z, 0, n), checksum(z, 0, n) ^ 0x5A,
                    Duration.ofSeconds(10)), 0xC1, "bad checksum");
            assertError(stub.command(StubOps.FLASH_DEFL_END, words(1)), 0xC8, "end before all data");
            assertError(stub.command(StubOps.FLASH_BEGIN, words(0x2000, 1, 0x2000, FLASH - 0x1000)), 0xC0,
                    "write past the end of flash");
            assertError(stub.command(StubOps.SPI_SET_PARAMS, words(0, 8 << 20, 0x10000, 0x1000, 0x100, 0xFFFF)),
                    0xC4, "a size the ROM refuses");
            assertError(stub.command(0x42, new byte[0]), 0xC3, "unknown command");

            // CHANGE_BAUDRATE: answered at the old rate, then UART0's divider is reprogrammed through the
            // ROM's uart_div_modify from the divider the ROM had set: (clock << 4) = 5556 * 115200
            assertOk(stub.command(StubOps.CHANGE_BAUDRATE, words(921600, 115200)), "CHANGE_BAUDRATE");
            QemuStub.Response div = stub.command(StubOps.READ_REG, words(UART0_CLKDIV));
            assertOk(div, "READ_REG after the baud change");
            long sixteenths = ((div.value() & 0xFFF) << 4) | ((div.value() >> 20) & 0xF);
            assertEquals((5556L * 115200 + 460800) / 921600, sixteenths, "UART0 divider for 921600 baud");
            assertEquals(40_000_000.0 * 16 / 921600, sixteenths, 1.0, "40 MHz UART clock / 921600 in sixteenths");

            // WRITE_REG / READ_REG on a peripheral register (plain RAM in the test ROM)
            assertOk(stub.command(StubOps.WRITE_REG, words(0x60008800L, 0xA5A5_0F0FL, 0x0000_FFFFL, 0)), "WRITE_REG");
            assertEquals(0x0F0FL, stub.command(StubOps.READ_REG, words(0x60008800L)).value(), "masked write");

            // RUN_USER_CODE: no answer; the stub resets the chip through the ROM (test ROM exit code 0;
            // returning to the ROM instead would end QEMU with 3)
            stub.send(StubOps.RUN_USER_CODE, new byte[0], 0);
            assertEquals(0, stub.waitExit(Duration.ofSeconds(10)), "test ROM exit code after RUN_USER_CODE"
                    + stub.diagnostics());
            assertFalse(stub.framesPending(), "RUN_USER_CODE must not be answered");
        }
    }
}

package dev.flashline.stub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.RecordingSpool;
import dev.flashline.flasher.BackupWithWrite;
import dev.flashline.flasher.KnownContent;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.chip.ChipInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's engine (FlashSession → Esp8266Chip → Flasher) against the committed stub binary
 * running under QEMU, through a {@link QemuTransport}. What a chip would hold is set up as follows:
 * <ul>
 *   <li>chip magic 0xFFF0C101 at 0x40001000: a word of the test ROM (src/stub/esp8266/qemu/testrom.c);</li>
 *   <li>eFuse words 0x3FF00050..5C: QEMU maps nothing there, so the test ROM's exception handler
 *       emulates those loads from a shadow at 0x3FF40050.., which this test preloads;</li>
 *   <li>UART0 CLKDIV (0x60000014): preloaded with 451, what the ROM leaves after auto-baud at
 *       115200 with a 26 MHz crystal;</li>
 *   <li>RDID: 0x60000200.. is plain RAM, so the test ROM models the SPI0 user command: when the stub
 *       polls the UART with CMD bit 18 set, a correctly programmed RDID (command 0x9F, 8 bits;
 *       24 MISO bits) puts 0x1440C8 into W0, and bit 18 is cleared. A wrongly programmed command
 *       leaves W0 as the host wrote it (0), so the JEDEC id assertion catches it. Timing, the real
 *       SPI controller and other commands are not modelled.</li>
 * </ul>
 * The stub is already running when the engine connects, so this covers the "SYNC answered with
 * value 0" path (no MEM_* upload; QEMU cannot run the ROM loader). Skipped without QEMU or the
 * cross compiler, except under CI=true, where that fails.
 */
class StubEngineQemuTest {
    private static final int EFUSE_SHADOW = 0x3FF40050;
    private static final int UART0_CLKDIV = 0x60000014;
    // MAC 18:fe:34:a1:b2:c3: byte 5 in word 0's top byte, bytes 3-4 in word 1, OUI marker 0 (18:fe:34).
    private static final int EFUSE0 = 0xC3000000;
    private static final int EFUSE1 = 0x0000A1B2;
    /** What the chip would hold before the stub runs: eFuse MAC words (shadow) and the UART divider. */
    private static final Map<Long, Integer> PRELOADS = Map.of(
            (long) EFUSE_SHADOW, EFUSE0, EFUSE_SHADOW + 4L, EFUSE1, EFUSE_SHADOW + 8L, 0, EFUSE_SHADOW + 12L, 0,
            (long) UART0_CLKDIV, 451);
    private static Path testRom;

    @BeforeAll
    static void prerequisites() throws Exception {
        QemuStub.skipOrFail("QEMU engine test", QemuStub.missingPrerequisite());
        testRom = QemuStub.buildTestRom();
    }

    @Test
    @Timeout(60)
    void engineIdentifiesWritesReadsAndErasesThroughTheRealStub(@TempDir Path dir) throws Exception {
        byte[] old = StubOps.firmwareLike(QemuStub.FLASH_SIZE, 5);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (QemuStub qemu = QemuStub.start(dir, testRom, old, PRELOADS, true)) {
            ConnectOptions options = ConnectOptions.defaults("qemu").withBefore(ResetStrategy.NO_RESET)
                    .withAfter(AfterAction.SOFT_RESET).withBaud(460800);
            try (FlashSession session = FlashSession.open(options, log::add, url -> qemu.transport())) {
                ChipInfo chip = session.chip();
                assertEquals("ESP8266EX", chip.chip(), () -> "chip; log: " + log);
                assertEquals("18:fe:34:a1:b2:c3", chip.mac());
                assertEquals("c84014", chip.flashJedecId(), "RDID through the SPI0 user-command registers");
                assertEquals("1MB", chip.flashSize());
                assertEquals(26, chip.crystalMhz());
                assertEquals("stub already running", session.loaderDescription());
                assertTrue(session.loader().isStub());
                assertEquals(460800, session.transport().baudRate(), "CHANGE_BAUDRATE answered, host side switched");

                Flasher flasher = new Flasher(session, Progress.NONE);
                byte[] file = bootImage(300 * 1024 + 7);
                byte[] image = ImagePreparation.prepare(file, "app.bin", 0, chip, "keep", "detect");
                assertEquals(0x20, image[3] & 0xF0, "header patched to the detected 1MB");
                assertEquals(0, image.length % 4, "padded to whole words");
                WriteResult written = flasher.write(image, 0, WriteOptions.DEFAULTS);
                assertTrue(written.verified(), "verified by SPI_FLASH_MD5");
                assertTrue(written.sentBytes() < image.length, "sent compressed");

                ByteArrayOutputStream back = new ByteArrayOutputStream();
                var read = flasher.read(0, image.length, back);
                assertArrayEquals(image, back.toByteArray(), "the read returns what was written");
                assertTrue(read.compressed() && read.transferredBytes() < image.length,
                        "the bundled stub sends the backup deflated (READ_FLASH_DEFL): " + read.transferredBytes());
                assertTrue(flasher.matches(image, 0));

                // Only the sectors the image covers were erased: the next sector keeps its old bytes.
                int next = (image.length + 0xFFF) & ~0xFFF;
                ByteArrayOutputStream after = new ByteArrayOutputStream();
                flasher.read(next, 0x1000, after);
                assertArrayEquals(Arrays.copyOfRange(old, next, next + 0x1000), after.toByteArray(),
                        "sector after the image untouched");

                flasher.eraseAll();
                ByteArrayOutputStream erased = new ByteArrayOutputStream();
                assertTrue(flasher.read(0, 0x1000, erased).transferredBytes() < 100, "an erased sector deflates to a few bytes");
                byte[] ff = new byte[0x1000];
                Arrays.fill(ff, (byte) 0xFF);
                assertArrayEquals(ff, erased.toByteArray(), "first 4 KB after ERASE_FLASH");
                assertFalse(flasher.matches(image, 0), "image gone after the chip erase");
            }
            // Soft reset = RUN_USER_CODE: the stub returns to the (test) ROM, which ends QEMU with 0.
            assertEquals(0, qemu.waitExit(Duration.ofSeconds(10)), "stub returned to the ROM on RUN_USER_CODE");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nengine log: " + log, e);
        }
    }

    /**
     * The engine's backup with the image written behind it (READ_WRITE_DEFL) against the real stub:
     * the backup is the old flash, each block the image overlaps was kept before the image went
     * there, the image verifies, and the flash after it keeps its old bytes.
     */
    @Test
    @Timeout(120)
    void engineWritesBehindItsBackupThroughTheRealStub(@TempDir Path dir) throws Exception {
        byte[] old = StubOps.firmwareLike(QemuStub.FLASH_SIZE, 9);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        RecordingSpool spool = new RecordingSpool();
        try (QemuStub qemu = QemuStub.start(dir, testRom, old, PRELOADS, true)) {
            ConnectOptions options = ConnectOptions.defaults("qemu").withBefore(ResetStrategy.NO_RESET)
                    .withAfter(AfterAction.NO_RESET).withBaud(460800);
            try (FlashSession session = FlashSession.open(options, log::add, url -> qemu.transport())) {
                byte[] image = ImagePreparation.prepare(bootImage(400 * 1024 + 3), "app.bin", 0, session.chip(), "keep", "detect");
                BackupWithWrite.Outcome done = new BackupWithWrite(session, Progress.NONE).run(KnownContent.NONE, image, 0, spool);
                assertArrayEquals(old, done.backup(), "the backup is the old flash");
                assertTrue(done.write() != null, "the image went behind the backup; log: " + log);
                int blocks = (image.length + 0xFFFF) / 0x10000;
                assertArrayEquals(Arrays.copyOf(old, blocks * 0x10000), spool.kept(), "kept before the image went there");
                Flasher flasher = new Flasher(session, Progress.NONE);
                assertTrue(flasher.matches(image, 0), "the image is in flash");
                int next = (image.length + 0xFFF) & ~0xFFF;
                ByteArrayOutputStream after = new ByteArrayOutputStream();
                flasher.read(next, 0x10000, after);
                assertArrayEquals(Arrays.copyOfRange(old, next, next + 0x10000), after.toByteArray(), "after the image: old bytes");
            }
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nengine log: " + log, e);
        }
    }

    /** A sound ESP8266 boot image (two RAM segments, checksum) followed by flash-mapped code bytes. */
    private static byte[] bootImage(int size) {
        byte[] iram = StubOps.firmwareLike(24 * 1024, 21);
        byte[] dram = StubOps.firmwareLike(2 * 1024, 22);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xE9).put((byte) 2).put((byte) 0).put((byte) 0x00); // QIO, 512KB / 40 MHz
        b.putInt(0x40100004);
        int checksum = 0xEF;
        for (Object[] seg : new Object[][] {{0x40100000, iram}, {0x3FFE8000, dram}}) {
            byte[] data = (byte[]) seg[1];
            b.putInt((Integer) seg[0]).putInt(data.length).put(data);
            for (byte x : data) {
                checksum ^= x & 0xFF;
            }
        }
        while (b.position() % 16 != 15) {
            b.put((byte) 0);
        }
        b.put((byte) checksum);
        byte[] irom = StubOps.firmwareLike(size - b.position(), 23);
        b.put(irom);
        return b.array();
    }
}

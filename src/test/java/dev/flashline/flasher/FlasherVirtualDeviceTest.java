package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.Chip;
import dev.flashline.sim.Fault;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.transport.LinkClosedException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against the project's virtual ESP8266 over its in-process serial line. */
class FlasherVirtualDeviceTest {
    @TempDir
    Path tmp;

    private FlashSession open(VirtualDevice device, boolean stub) throws Exception {
        ConnectOptions options = ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET)
                .withAfter(AfterAction.NO_RESET).withStub(stub ? TestStubs.write(tmp) : null, !stub);
        return FlashSession.open(options, m -> { }, url -> device.connect());
    }

    static byte[] firmwareLike(int size, long seed) {
        byte[] data = new byte[size];
        Random r = new Random(seed);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : "ESP8266 firmware ".charAt(i % 17));
        }
        return data;
    }

    @Test
    void identifiesChipMacAndFlash() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP8285)
                .mac("ac:d0:74:12:34:56").flashSize(2 << 20).build());
        try (FlashSession s = open(device, false)) {
            assertEquals("ESP8285", s.chip().chip());
            assertEquals("ac:d0:74:12:34:56", s.chip().mac());
            assertEquals(2 << 20, s.chip().flashSizeBytes());
            assertEquals(26, s.chip().crystalMhz());
            assertEquals("15", s.chip().flashJedecId().substring(4));
        }
    }

    @Test
    void compressedWriteThroughStubPutsExactBytesAndVerifies() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        byte[] old = firmwareLike(1 << 20, 1);
        device.flash().load(0, old);
        byte[] data = firmwareLike(100_003, 2); // not a multiple of 4: padded with 0xFF
        try (FlashSession s = open(device, true)) {
            assertTrue(s.loader().isStub());
            byte[] prepared = ImagePreparation.prepare(data, "raw", 0x10000, s.chip(), "keep", "keep");
            WriteResult r = new Flasher(s, Progress.NONE).write(prepared, 0x10000, WriteOptions.DEFAULTS);
            assertTrue(r.verified());
            assertTrue(r.sentBytes() < data.length, "compressed");
        }
        byte[] flash = device.flash().snapshot();
        assertArrayEquals(data, Arrays.copyOfRange(flash, 0x10000, 0x10000 + data.length));
        int end = 0x10000 + data.length;
        int sectorEnd = (end + 0xFFF) & ~0xFFF;
        for (int i = end; i < sectorEnd; i++) {
            assertEquals((byte) 0xFF, flash[i], "erased tail of the last sector at " + i);
        }
        // Outside the written sectors nothing changed.
        assertArrayEquals(Arrays.copyOfRange(old, 0, 0x10000), Arrays.copyOfRange(flash, 0, 0x10000));
        assertArrayEquals(Arrays.copyOfRange(old, sectorEnd, 1 << 20), Arrays.copyOfRange(flash, sectorEnd, 1 << 20));
    }

    @Test
    void romWriteCompensatesTheEraseBugSoNeighboursSurvive() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        byte[] old = firmwareLike(1 << 20, 3);
        device.flash().load(0, old);
        byte[] data = firmwareLike(3 * 4096 + 100, 4); // 4 sectors starting mid-block at 0x3000
        try (FlashSession s = open(device, false)) {
            WriteResult r = new Flasher(s, Progress.NONE).write(
                    ImagePreparation.prepare(data, "raw", 0x3000, s.chip(), "keep", "keep"), 0x3000, WriteOptions.DEFAULTS);
            assertFalse(r.verified(), "the ROM cannot verify");
        }
        byte[] flash = device.flash().snapshot();
        assertArrayEquals(data, Arrays.copyOfRange(flash, 0x3000, 0x3000 + data.length));
        assertArrayEquals(Arrays.copyOfRange(old, 0, 0x3000), Arrays.copyOfRange(flash, 0, 0x3000));
        assertArrayEquals(Arrays.copyOfRange(old, 0x7000, 1 << 20), Arrays.copyOfRange(flash, 0x7000, 1 << 20),
                "sectors after the image must keep their content (the ROM would erase 4 more without compensation)");
    }

    @Test
    void readFlashReturnsTheFlashAndChecksMd5() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        byte[] old = firmwareLike(1 << 20, 5);
        device.flash().load(0, old);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FlashSession s = open(device, true)) {
            new Flasher(s, Progress.NONE).read(0, 1 << 20, out);
        }
        assertArrayEquals(old, out.toByteArray());
    }

    @Test
    void readOfAStockFlashComesCompressedWhenTheStubCanAndPlainOtherwise() throws Exception {
        for (boolean stubCompresses : new boolean[] {true, false}) {
            VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().stockFlash(true)
                    .stubReadsCompressed(stubCompresses).build());
            byte[] flash = device.flash().snapshot();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReadResult r;
            try (FlashSession s = open(device, true)) {
                r = new Flasher(s, Progress.NONE).read(0, 1 << 20, out);
            }
            assertArrayEquals(flash, out.toByteArray(), "backup bytes, compressed read " + stubCompresses);
            assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(flash)),
                    r.sha256());
            assertEquals(stubCompresses, r.compressed());
            assertTrue(stubCompresses ? r.transferredBytes() < (1 << 20) * 2 / 3 : r.transferredBytes() == 1 << 20,
                    "bytes on the line: " + r.transferredBytes());
        }
    }

    @Test
    void readAndVerifyNeedAStub() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        try (FlashSession s = open(device, false)) {
            FlashlineException e = assertThrows(FlashlineException.class,
                    () -> new Flasher(s, Progress.NONE).read(0, 4096, new ByteArrayOutputStream()));
            assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().contains("needs a flasher stub"));
            assertEquals(ErrorCode.NEEDS_STUB, e.code());
            assertEquals("Drop --no-stub (the bundled stub is used), or pass a stub file with --stub.",
                    e.hint(setting -> "--" + setting.key()), "the hint names settings; the front end spells them");
        }
    }

    @Test
    void eraseAllThroughRomAndStub() throws Exception {
        for (boolean stub : new boolean[] {false, true}) {
            VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
            device.flash().load(0, firmwareLike(1 << 20, 6));
            try (FlashSession s = open(device, stub)) {
                new Flasher(s, Progress.NONE).eraseAll();
            }
            byte[] flash = device.flash().snapshot();
            for (int i = 0; i < flash.length; i++) {
                if (flash[i] != (byte) 0xFF) {
                    throw new AssertionError("byte " + i + " not erased (stub=" + stub + ")");
                }
            }
        }
    }

    @Test
    void stuckFlashBitFailsVerification() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder()
                .fault(new Fault(Fault.Kind.FLASH_BAD_BIT, 0x10005)).build());
        byte[] data = new byte[8192];
        Arrays.fill(data, (byte) 0xA5); // bit 0 set everywhere
        try (FlashSession s = open(device, true)) {
            FlashlineException e = assertThrows(FlashlineException.class,
                    () -> new Flasher(s, Progress.NONE).write(data, 0x10000, WriteOptions.DEFAULTS));
            assertEquals(FlashlineException.Kind.DEVICE_FAILED, e.kind());
            assertTrue(e.getMessage().contains("Verify failed"), e.getMessage());
            assertEquals(ErrorCode.VERIFY_MISMATCH, e.code());
        }
    }

    @Test
    void deviceGoneMidWriteIsAnErrorNotASuccess() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder()
                .fault(Fault.dropAfterBytes(60_000)).build());
        byte[] data = new Random(9).ints(300_000, 0, 256).collect(ByteArrayOutputStream::new,
                (o, i) -> o.write(i), (a, b) -> a.write(b.toByteArray(), 0, b.size())).toByteArray();
        try (FlashSession s = open(device, true)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> new Flasher(s, Progress.NONE).write(data, 0, WriteOptions.DEFAULTS
                    .withFlashParams("keep", "keep")));
            FlashlineException gone = assertInstanceOf(FlashlineException.class, e, "classified at the loader boundary");
            assertEquals(ErrorCode.LINK_CLOSED, gone.code());
            assertEquals(1, gone.kind().exitCode());
            assertInstanceOf(LinkClosedException.class, gone.getCause(), "the cause is kept");
        }
    }

    @Test
    void aBlockCorruptedOnTheLineFailsTheCommandAndPointsAtTheBaudRate() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().fault(Fault.corruptRxByte(20_000)).build());
        byte[] data = firmwareLike(64 * 1024, 11);
        try (FlashSession s = open(device, false)) {
            FlashlineException e = assertThrows(FlashlineException.class,
                    () -> new Flasher(s, Progress.NONE).write(data, 0x40000, WriteOptions.DEFAULTS));
            assertEquals(ErrorCode.COMMAND_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("FLASH_DATA"), e.getMessage());
            assertTrue(e.hint(setting -> "--" + setting.key()).contains("lower --baud"), e.hint());
        }
    }

    @Test
    void anInterruptWhileWaitingForADeviceIsReportedAsAnInterrupt() throws Exception {
        VirtualDevice silent = new VirtualDevice(VirtualDeviceConfig.builder().fault(Fault.silent()).build());
        ConnectOptions options = ConnectOptions.defaults("virtual").withBefore(ResetStrategy.WAIT)
                .withAfter(AfterAction.NO_RESET).withStub(null, true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            try {
                FlashSession.open(options, m -> { }, url -> silent.connect()).close();
            } catch (Throwable t) {
                thrown.set(t);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();
        Thread.sleep(700); // it is now in the wait-for-download-mode loop
        waiter.interrupt();
        waiter.join(10_000);
        FlashlineException e = assertInstanceOf(FlashlineException.class, thrown.get());
        assertEquals(ErrorCode.INTERRUPTED, e.code(), "never 'device unreachable'");
        assertTrue(flagAfter.get(), "the interrupt flag is restored for the caller");
    }
}

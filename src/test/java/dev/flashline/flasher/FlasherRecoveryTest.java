package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.transport.FaultyTransport;
import dev.flashline.transport.FaultyTransport.Fault;
import dev.flashline.transport.FaultyTransport.Fault.Direction;
import dev.flashline.transport.FaultyTransport.Fault.Kind;
import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine recovering from one injected line fault per run (FaultyTransport between it and the
 * virtual device), for each fault kind, direction and operation: the flash, the bytes read or the
 * verdict must be right afterwards, and what was done must be in the log.
 */
class FlasherRecoveryTest {
    enum Op { WRITE, READ, VERIFY }

    private static final int READ_SIZE = 192 * 1024;
    private static final byte[] IMAGE = FlasherVirtualDeviceTest.firmwareLike(200_000, 5);
    private static final int OFFSET = 0x10000;
    private static final Map<Op, long[]> SPANS = Collections.synchronizedMap(new EnumMap<>(Op.class));

    @TempDir
    static Path tmp;

    /** What a run left behind. */
    private record Outcome(VirtualDevice device, byte[] stock, Object result, List<String> log, boolean fired) {
        boolean logged(String text) {
            return log.stream().anyMatch(line -> line.contains(text));
        }
    }

    static Stream<Arguments> everyKindDirectionAndOperation() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : Op.values()) {
            for (Kind kind : Kind.values()) {
                for (Direction direction : Direction.values()) {
                    cases.add(Arguments.of(op, kind, direction));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyKindDirectionAndOperation")
    void oneFaultMidOperationIsRecoveredFrom(Op op, Kind kind, Direction direction) throws Exception {
        long at = (long) (span(op)[direction.ordinal()] * 0.6);
        Outcome o = run(op, new Fault(kind, direction, at, size(kind)), true);
        assertTrue(o.fired(), "the fault was injected");
        assertRight(op, o);
        if (kind == Kind.PULL) {
            boolean whileStarting = o.logged("connecting again");
            assertTrue(whileStarting || o.logged("link lost") && o.logged("reconnected"), String.join("\n", o.log()));
        }
    }

    @Test
    void aWriteCutByAPulledCableResumesOnlyWhereTheFlashDiffers() throws Exception {
        Outcome o = run(Op.WRITE, new Fault(Kind.PULL, Direction.TO_DEVICE, (long) (span(Op.WRITE)[0] * 0.8), 1), true);
        assertRight(Op.WRITE, o);
        String log = String.join("\n", o.log());
        assertTrue(o.logged("writing it again"), log);
        long rewritten = o.log().stream().filter(l -> l.contains("writing it again")).count();
        int chunks = (IMAGE.length + ResumableWrite.CHUNK - 1) / ResumableWrite.CHUNK + 1;
        assertTrue(rewritten < chunks, "chunks that arrived before the pull are kept:\n" + log);
        assertTrue(o.logged("MD5 of the whole image matches"), log);
    }

    @Test
    void aBlockRefusedForItsChecksumIsSentAgain() throws Exception {
        // A flipped byte inside a compressed FLASH_DEFL_DATA block (esptool's stub; flashline's streams its
        // writes, see StreamedWriteTest): the stub refuses the block, nothing is written.
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().stubReadsCompressed(false).build());
        byte[] stock = new byte[device.flash().size()];
        new Random(Op.WRITE.ordinal()).nextBytes(stock);
        device.flash().load(0, stock);
        Outcome o = execute(Op.WRITE, device, stock, new Fault(Kind.FLIP, Direction.TO_DEVICE, (long) (span(Op.WRITE)[0] * 0.75), 1), true);
        assertRight(Op.WRITE, o);
        assertTrue(o.logged("resent block") && o.logged("bad data checksum"), String.join("\n", o.log()));
    }

    @Test
    void aDigestDamagedOnTheLineDoesNotChangeTheVerdict() throws Exception {
        long lastBytes = span(Op.VERIFY)[1] - 12; // inside the MD5 answer that ends a verify
        for (boolean same : new boolean[] {true, false}) {
            VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
            byte[] onChip = IMAGE.clone();
            if (!same) {
                onChip[1234] ^= 0x10;
            }
            device.flash().load(OFFSET, onChip);
            Outcome o = execute(Op.VERIFY, device, null, new Fault(Kind.FLIP, Direction.FROM_DEVICE, lastBytes, 1), true);
            assertTrue(o.fired());
            assertEquals(same, o.result(), "verdict with flash " + (same ? "matching" : "differing"));
        }
    }

    @Test
    void aDeviceThatDoesNotComeBackFailsWithTheCauseWithinTheBound() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        Fault pull = new Fault(Kind.PULL, Direction.TO_DEVICE, (long) (span(Op.WRITE)[0] * 0.5), 1);
        boolean[] first = {true};
        Function<String, Transport> ports = url -> {
            if (first[0]) {
                first[0] = false;
                return new FaultyTransport(device.connect(), pull, 1);
            }
            throw new FlashlineException(ErrorCode.PORT_UNAVAILABLE, "no such port: " + url, Hint.NONE);
        };
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (FlashSession s = FlashSession.open(options().withWaitMillis(2_000), log::add, ports)) {
            FlashlineException e = assertThrows(FlashlineException.class,
                    () -> new Flasher(s, Progress.NONE).write(IMAGE, OFFSET, WriteOptions.DEFAULTS));
            assertEquals(ErrorCode.LINK_CLOSED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("did not come back within 2 s"), e.getMessage());
            assertTrue(e.getMessage().contains("no such port"), "names the last try: " + e.getMessage());
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "bounded");
    }

    @Test
    void aByteFlippedInTheStubGreetingIsNotTakenForAStubThatDidNotStart() throws Exception {
        // On a clean connection the device's last bytes are: the greeting frame (C0 "OHAI" C0), then the
        // 12-byte answers to SPI_SET_PARAMS and (when the ROM was reached at 115200) CHANGE_BAUDRATE.
        // Flip the greeting's "H".
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        FaultyTransport[] counter = new FaultyTransport[1];
        List<String> clean = Collections.synchronizedList(new ArrayList<>());
        try (FlashSession s = FlashSession.open(options(), clean::add, url -> counter[0] = new FaultyTransport(device.connect(),
                new Fault(Kind.FLIP, Direction.TO_DEVICE, Long.MAX_VALUE, 1), 1))) {
            assertTrue(s.loader().isStub());
        }
        int answersAfter = clean.stream().anyMatch(l -> l.contains("Changing baud rate")) ? 2 : 1;
        long h = counter[0].bytesFromDevice() - answersAfter * 12 - 6 + 2;
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Fault flip = new Fault(Kind.FLIP, Direction.FROM_DEVICE, h, 1);
        FaultyTransport[] faulty = new FaultyTransport[1];
        try (FlashSession s = FlashSession.open(options(), log::add,
                url -> faulty[0] == null ? faulty[0] = new FaultyTransport(device.connect(), flip, 3) : device.connect())) {
            assertTrue(faulty[0].fired());
            assertTrue(s.loader().isStub(), "the stub runs: " + String.join("\n", log));
            assertFalse(log.stream().anyMatch(l -> l.contains("connecting again")), "the stub answered SYNC, no restart: " + log);
            assertTrue(new Flasher(s, Progress.NONE).write(IMAGE, OFFSET, WriteOptions.DEFAULTS).verified());
        }
    }

    private static void assertRight(Op op, Outcome o) {
        String log = String.join("\n", o.log());
        switch (op) {
            case WRITE -> {
                byte[] flash = o.device().flash().snapshot();
                assertArrayEquals(IMAGE, Arrays.copyOfRange(flash, OFFSET, OFFSET + IMAGE.length), "image in flash\n" + log);
                assertArrayEquals(Arrays.copyOf(o.stock(), OFFSET), Arrays.copyOf(flash, OFFSET), "flash before the image untouched");
                int end = (OFFSET + IMAGE.length + 0xFFF) & ~0xFFF;
                assertArrayEquals(Arrays.copyOfRange(o.stock(), end, flash.length), Arrays.copyOfRange(flash, end, flash.length),
                        "flash after the image's last sector untouched");
            }
            case READ -> assertArrayEquals(Arrays.copyOf(o.stock(), READ_SIZE), (byte[]) o.result(), "bytes read\n" + log);
            case VERIFY -> assertEquals(Boolean.TRUE, o.result(), "verdict\n" + log);
        }
    }

    private static Outcome run(Op op, Fault fault, boolean stub) throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        byte[] stock = new byte[device.flash().size()];
        new Random(op.ordinal()).nextBytes(stock);
        device.flash().load(0, stock);
        if (op == Op.VERIFY) {
            device.flash().load(OFFSET, IMAGE);
        }
        return execute(op, device, stock, fault, stub);
    }

    /** Runs the operation with the fault on the first connection; later connections are clean (a re-plugged cable). */
    private static Outcome execute(Op op, VirtualDevice device, byte[] stock, Fault fault, boolean stub) throws Exception {
        FaultyTransport[] faulty = new FaultyTransport[1];
        Function<String, Transport> ports = url -> {
            if (faulty[0] == null) {
                faulty[0] = new FaultyTransport(device.connect(), fault, 7);
                return faulty[0];
            }
            return device.connect();
        };
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Object result;
        try (FlashSession s = FlashSession.open(stub ? options() : options().withStub(null, true), log::add, ports)) {
            Flasher flasher = new Flasher(s, Progress.NONE);
            result = switch (op) {
                case WRITE -> flasher.write(IMAGE, OFFSET, WriteOptions.DEFAULTS).verified();
                case READ -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    flasher.read(0, READ_SIZE, out);
                    yield out.toByteArray();
                }
                case VERIFY -> flasher.matches(IMAGE, OFFSET);
            };
        }
        return new Outcome(device, stock, result, log, faulty[0].fired());
    }

    /** Bytes each direction carries in a clean run: where a fault can land. */
    private static long[] span(Op op) throws Exception {
        long[] known = SPANS.get(op);
        if (known != null) {
            return known;
        }
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        device.flash().load(OFFSET, IMAGE);
        Fault none = new Fault(Kind.FLIP, Direction.TO_DEVICE, Long.MAX_VALUE, 1);
        FaultyTransport[] counter = new FaultyTransport[1];
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> counter[0] = new FaultyTransport(device.connect(), none, 1))) {
            Flasher flasher = new Flasher(s, Progress.NONE);
            switch (op) {
                case WRITE -> flasher.write(IMAGE, OFFSET, WriteOptions.DEFAULTS);
                case READ -> flasher.read(0, READ_SIZE, new ByteArrayOutputStream());
                case VERIFY -> flasher.matches(IMAGE, OFFSET);
            }
        }
        long[] span = {counter[0].bytesToDevice(), counter[0].bytesFromDevice()};
        SPANS.put(op, span);
        return span;
    }

    private static int size(Kind kind) {
        return switch (kind) {
            case NOISE -> 40;
            case DROP, DUPLICATE -> 9;
            case STALL -> 3_500;
            case PULL, FLIP -> 1;
        };
    }

    private static ConnectOptions options() {
        try {
            return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                    .withBaud(460800).withStub(TestStubs.write(tmp), false);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.transport.FaultyTransport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A write through flashline's stub streams the image in one session; any other stub, or a broken stream, still ends verified. */
class StreamedWriteTest {
    @TempDir
    Path tmp;

    private static byte[] image(int size) {
        byte[] image = new byte[size];
        Random random = new Random(5);
        for (int i = 0; i < size; i++) {
            image[i] = (byte) (i % 3 == 0 ? random.nextInt(256) : i / 331);
        }
        image[0] = (byte) 0xE9;
        return image;
    }

    private ConnectOptions options() throws Exception {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withStub(TestStubs.write(tmp), false);
    }

    private static VirtualDevice stock(boolean flashlineStub) {
        return new VirtualDevice(VirtualDeviceConfig.builder().mac("18:fe:34:00:02:01").stockFlash(true)
                .stubReadsCompressed(flashlineStub).build());
    }

    @ParameterizedTest(name = "flashline's stub: {0}")
    @CsvSource({"true", "false"})
    void theImageLandsWholeAndVerifiedWithEitherStub(boolean flashlineStub) throws Exception {
        VirtualDevice device = stock(flashlineStub);
        byte[] old = device.flash().snapshot();
        byte[] image = image(300_000);
        WriteResult r;
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> device.connect())) {
            r = new Flasher(s, Progress.NONE).write(image, 0x10000, WriteOptions.DEFAULTS);
        }
        byte[] now = device.flash().snapshot();
        assertTrue(r.verified());
        assertTrue(r.sentBytes() < image.length, "sent compressed: " + r.sentBytes());
        assertArrayEquals(image, Arrays.copyOfRange(now, 0x10000, 0x10000 + image.length));
        int end = (0x10000 + image.length + 0xFFF) / 0x1000 * 0x1000;
        assertArrayEquals(Arrays.copyOf(old, 0x10000), Arrays.copyOf(now, 0x10000), "before the image: untouched");
        assertArrayEquals(Arrays.copyOfRange(old, end, old.length), Arrays.copyOfRange(now, end, now.length), "after it: untouched");
    }

    /** A fault in the middle of the stream: the write starts again block by block and ends verified. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FLIP, TO_DEVICE", "FLIP, FROM_DEVICE", "DROP, TO_DEVICE", "PULL, TO_DEVICE", "STALL, FROM_DEVICE"})
    void aLineFaultMidStreamStillEndsVerified(FaultyTransport.Fault.Kind kind, FaultyTransport.Fault.Direction direction)
            throws Exception {
        VirtualDevice device = stock(true);
        byte[] image = image(200_000);
        FaultyTransport.Fault fault = new FaultyTransport.Fault(kind, direction,
                direction == FaultyTransport.Fault.Direction.TO_DEVICE ? 60_000 : 300, kind == FaultyTransport.Fault.Kind.STALL ? 2500 : 4);
        FaultyTransport[] faulty = new FaultyTransport[1];
        WriteResult r;
        try (FlashSession s = FlashSession.open(options(), m -> { },
                url -> faulty[0] == null ? faulty[0] = new FaultyTransport(device.connect(), fault, 1) : device.connect())) {
            r = new Flasher(s, Progress.NONE).write(image, 0, WriteOptions.DEFAULTS);
        }
        assertTrue(faulty[0].fired(), "the fault was injected");
        assertTrue(r.verified());
        assertArrayEquals(image, Arrays.copyOf(device.flash().snapshot(), image.length));
    }
}

package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.transport.Transport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syncing at the target baud where the transport sets the line rate, and falling back to 115200. */
class ConnectAtSpeedTest {
    @TempDir
    Path tmp;

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private ConnectOptions options() throws IOException {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withBaud(460800).withStub(TestStubs.write(tmp), false);
    }

    private void writesAndVerifies(FlashSession s, VirtualDevice device) {
        byte[] image = FlasherVirtualDeviceTest.firmwareLike(80_000, 3);
        assertTrue(new Flasher(s, Progress.NONE).write(image, 0x20000, WriteOptions.DEFAULTS).verified());
        assertArrayEquals(image, Arrays.copyOfRange(device.flash().snapshot(), 0x20000, 0x20000 + image.length));
        assertEquals(460800, s.loader().baud());
    }

    @Test
    void theRomIsSyncedAtTheTargetRateAndNoBaudChangeIsNeeded() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        try (FlashSession s = FlashSession.open(options(), log::add, url -> device.connect())) {
            assertTrue(log.stream().anyMatch(l -> l.contains("at 460800 baud from the start")), log.toString());
            assertFalse(log.stream().anyMatch(l -> l.contains("Changing baud rate")), log.toString());
            assertEquals(26, s.chip().crystalMhz(), "the crystal estimate holds at any rate");
            writesAndVerifies(s, device);
        }
    }

    @Test
    void aRomThatDoesNotAnswerAtSpeedIsReachedAt115200ThenSwitched() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        try (FlashSession s = FlashSession.open(options(), log::add, url -> new SlowRom(device.connect()))) {
            assertTrue(log.stream().anyMatch(l -> l.contains("Changing baud rate to 460800")), log.toString());
            writesAndVerifies(s, device);
        }
    }

    @Test
    void withoutALineRateTheRomIsReachedAt115200() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        try (FlashSession s = FlashSession.open(options(), log::add, url -> new NoLineRate(device.connect()))) {
            assertTrue(log.stream().anyMatch(l -> l.contains("Changing baud rate to 460800")), log.toString());
            writesAndVerifies(s, device);
        }
    }

    /** A ROM whose auto-baud cannot lock above 115200: until it synced at 115200, faster bytes are lost. */
    private static final class SlowRom extends Forwarding {
        private boolean synced115200;

        SlowRom(Transport inner) {
            super(inner);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            if (inner.baudRate() == 115200) {
                synced115200 = true;
            } else if (!synced115200) {
                return;
            }
            inner.write(data, offset, length);
        }

        @Override
        public boolean setsLineRate() {
            return true;
        }
    }

    /** A link that carries bytes at no rate of ours (raw TCP). */
    private static final class NoLineRate extends Forwarding {
        NoLineRate(Transport inner) {
            super(inner);
        }

        @Override
        public boolean setsLineRate() {
            return false;
        }
    }

    private abstract static class Forwarding implements Transport {
        final Transport inner;

        Forwarding(Transport inner) {
            this.inner = inner;
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            inner.write(data, offset, length);
        }

        @Override
        public int read(byte[] buffer, int offset, int length, long timeoutMillis) throws IOException {
            return inner.read(buffer, offset, length, timeoutMillis);
        }

        @Override
        public void setBaudRate(int baud) throws IOException {
            inner.setBaudRate(baud);
        }

        @Override
        public int baudRate() {
            return inner.baudRate();
        }

        @Override
        public boolean hasControlLines() {
            return inner.hasControlLines();
        }

        @Override
        public void setDtr(boolean asserted) throws IOException {
            inner.setDtr(asserted);
        }

        @Override
        public void setRts(boolean asserted) throws IOException {
            inner.setRts(asserted);
        }

        @Override
        public void flushInput() throws IOException {
            inner.flushInput();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}

package dev.flashline.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.flashline.transport.TransportAssertions.allByteValues;
import static dev.flashline.transport.TransportAssertions.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a socat PTY pair: what jSerialComm really does on pseudo-terminals. */
@Timeout(10)
class SerialPortTransportTest {

    @Test
    void bytesFlowBothWaysAndTimeoutsReturnZero() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
             Transport a = Transports.open(pty.first);
             Transport b = Transports.open(pty.second)) {
            byte[] buf = new byte[16];
            assertEquals(0, a.read(buf, 0, buf.length, 100));
            assertEquals(0, a.read(buf, 0, buf.length, 0));

            byte[] all = allByteValues();
            a.write(all);
            assertArrayEquals(all, readExactly(b, 256, 5000));
            b.write(all);
            assertArrayEquals(all, readExactly(a, 256, 5000));
            assertEquals(pty.first, a.description());
        }
    }

    @Test
    void ptyHasNoControlLinesButAcceptsBaudAndLineCalls() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); Transport a = Transports.open(pty.first)) {
            assertFalse(a.hasControlLines(), "a PTY has no modem lines (ENOTTY)");
            a.setDtr(false); // ignored, not an error
            a.setRts(true);
            assertEquals(115200, a.baudRate());
            a.setBaudRate(460800);
            assertEquals(460800, a.baudRate());
        }
    }

    @Test
    void flushInputDropsWhatArrivedButNotLaterBytes() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
             Transport a = Transports.open(pty.first);
             Transport b = Transports.open(pty.second)) {
            b.write(new byte[] {1, 2, 3, 4});
            Thread.sleep(300);
            a.flushInput();
            byte[] buf = new byte[8];
            assertEquals(0, a.read(buf, 0, buf.length, 100));
            b.write(new byte[] {5});
            assertArrayEquals(new byte[] {5}, readExactly(a, 1, 5000));
        }
    }

    /** jSerialComm: once socat is gone, readBytes and bytesAvailable return -1 at once (EIO). */
    @Test
    void peerGoneIsLinkClosed() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); Transport a = Transports.open(pty.first)) {
            pty.kill();
            byte[] buf = new byte[8];
            LinkClosedException e = assertThrows(LinkClosedException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    a.read(buf, 0, buf.length, 100);
                }
            });
            assertTrue(e.getMessage().contains(pty.first), e.getMessage());
            assertThrows(LinkClosedException.class, () -> a.write(new byte[] {1}));
            assertThrows(LinkClosedException.class, () -> a.read(buf, 0, buf.length, 0));
        }
    }

    @Test
    void secondOpenOfTheSamePortIsBusy() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); Transport a = Transports.open(pty.first)) {
            TransportException e = assertThrows(TransportException.class, () -> Transports.open(pty.first));
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            assertTrue(e.hint().contains("close the other program"), e.hint());
        }
    }

    @Test
    void missingPortIsExplained() {
        TransportException e = assertThrows(TransportException.class, () -> Transports.open("/dev/ttyUSB97"));
        assertTrue(e.getMessage().contains("No serial port /dev/ttyUSB97"), e.getMessage());
        assertTrue(e.hint().contains("plug"), e.hint());
    }

    @Test
    void errnoMapping() {
        assertTrue(SerialPortTransport.openFailure("/dev/ttyUSB0", 13, 0).hint().contains("dialout"));
        assertTrue(SerialPortTransport.openFailure("/dev/ttyUSB0", 11, 0).getMessage().contains("busy"));
        assertTrue(SerialPortTransport.openFailure("/dev/ttyUSB0", 16, 0).getMessage().contains("busy"));
        assertTrue(SerialPortTransport.openFailure("/no/such/dir/tty", 2, 0).getMessage().contains("No serial port"));
    }

    @Test
    void listLeavesPtysOut() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start(); Transport a = Transports.open(pty.first)) {
            assertTrue(SerialPorts.list().stream().noneMatch(p -> p.path().startsWith("/dev/pts/")));
        }
    }
}

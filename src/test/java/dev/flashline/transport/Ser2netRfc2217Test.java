package dev.flashline.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static dev.flashline.transport.TransportAssertions.allByteValues;
import static dev.flashline.transport.TransportAssertions.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rfc2217Transport against the real ser2net, whose serial side is one end of a socat PTY pair; the
 * test plays the device on the other end.
 */
@Timeout(10)
class Ser2netRfc2217Test {

    @Test
    void everyByteValueFlowsBothWays() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
             Ser2netServer ser2net = Ser2netServer.start(pty.second);
             Transport host = Transports.open(ser2net.url());
             Transport device = Transports.open(pty.first)) {
            byte[] all = allByteValues();
            host.write(all);
            assertArrayEquals(all, readExactly(device, 256, 5000));
            device.write(all);
            assertArrayEquals(all, readExactly(host, 256, 5000));
        }
    }

    @Test
    void baudChangeIsAcknowledgedAndReachesTheRemotePort() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
             Ser2netServer ser2net = Ser2netServer.start(pty.second);
             Transport host = Transports.open(ser2net.url());
             Transport device = Transports.open(pty.first)) {
            host.setBaudRate(460800);
            assertEquals(460800, host.baudRate());
            // a PTY keeps the termios speed it is given: ser2net really set it
            assertTrue(sttySpeed(pty.second).contains("speed 460800 baud"), sttySpeed(pty.second));

            // ser2net silently ignores DTR/RTS on a PTY (no ack); the session must carry on
            host.setDtr(false);
            host.setRts(true);
            host.write("sync".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("sync".getBytes(StandardCharsets.US_ASCII), readExactly(device, 4, 5000));
        }
    }

    @Test
    void flushInputDropsWhatTheDeviceSentEarlier() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
             Ser2netServer ser2net = Ser2netServer.start(pty.second);
             Transport host = Transports.open(ser2net.url());
             Transport device = Transports.open(pty.first)) {
            device.write("boot noise".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300);
            host.flushInput();
            byte[] buf = new byte[32];
            assertEquals(0, host.read(buf, 0, buf.length, 200));
            device.write(new byte[] {(byte) 0xC0});
            assertArrayEquals(new byte[] {(byte) 0xC0}, readExactly(host, 1, 5000));
        }
    }

    @Test
    void ser2netStoppingIsLinkClosed() throws Exception {
        try (SocatPtyPair pty = SocatPtyPair.start();
             Ser2netServer ser2net = Ser2netServer.start(pty.second);
             Transport host = Transports.open(ser2net.url())) {
            ser2net.stop();
            byte[] buf = new byte[8];
            assertThrows(LinkClosedException.class, () -> {
                for (int i = 0; i < 20; i++) {
                    host.read(buf, 0, buf.length, 200);
                }
            });
        }
    }

    private static String sttySpeed(String tty) throws Exception {
        Process p = new ProcessBuilder("stty", "-F", tty).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        return out;
    }
}

package dev.flashline.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

import static dev.flashline.transport.TransportAssertions.allByteValues;
import static dev.flashline.transport.TransportAssertions.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class TcpTransportTest {

    @Test
    void carriesEveryByteValueBothWaysUnchanged() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Transport t = Transports.open("socket://127.0.0.1:" + server.getLocalPort());
             Socket peer = server.accept()) {
            byte[] all = allByteValues();
            t.write(all);
            InputStream in = peer.getInputStream();
            assertArrayEquals(all, in.readNBytes(256));

            peer.getOutputStream().write(all);
            assertArrayEquals(all, readExactly(t, 256, 5000));
        }
    }

    @Test
    void timeoutReturnsZeroAndFlushDropsPendingInput() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Transport t = Transports.open("socket://127.0.0.1:" + server.getLocalPort());
             Socket peer = server.accept()) {
            byte[] buf = new byte[16];
            assertEquals(0, t.read(buf, 0, buf.length, 50));
            assertEquals(0, t.read(buf, 0, buf.length, 0));

            OutputStream out = peer.getOutputStream();
            out.write(new byte[] {1, 2, 3});
            out.flush();
            Thread.sleep(200);
            t.flushInput();
            assertEquals(0, t.read(buf, 0, buf.length, 100));
            out.write(new byte[] {9});
            assertArrayEquals(new byte[] {9}, readExactly(t, 1, 5000));
        }
    }

    @Test
    void noControlLinesAndBaudIsOnlyRemembered() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Transport t = Transports.open("socket://127.0.0.1:" + server.getLocalPort());
             Socket peer = server.accept()) {
            assertFalse(t.hasControlLines());
            assertEquals(115200, t.baudRate());
            t.setBaudRate(460800);
            assertEquals(460800, t.baudRate());
            t.setDtr(false);
            t.setRts(true);
            peer.setSoTimeout(300);
            // nothing of the above may travel as bytes
            assertThrows(java.net.SocketTimeoutException.class, () -> peer.getInputStream().read());
        }
    }

    @Test
    void peerClosingIsLinkClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Transport t = Transports.open("socket://127.0.0.1:" + server.getLocalPort())) {
            Socket peer = server.accept();
            peer.getOutputStream().write(7);
            peer.close();
            byte[] buf = new byte[4];
            assertArrayEquals(new byte[] {7}, readExactly(t, 1, 5000), "bytes sent before the close still arrive");
            LinkClosedException e = assertThrows(LinkClosedException.class, () -> t.read(buf, 0, 4, 2000));
            assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
        }
    }

    @Test
    void refusedConnectionHintsAtSimulate() throws Exception {
        int port = ExternalTools.freePort();
        TransportException e = assertThrows(TransportException.class, () -> Transports.open("socket://127.0.0.1:" + port));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(e.hint().contains("flashline simulate"), e.hint());
    }
}

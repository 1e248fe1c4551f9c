package dev.flashline.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static dev.flashline.transport.TransportAssertions.bytes;
import static dev.flashline.transport.TransportAssertions.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rfc2217Transport against a fake access server that checks the bytes on the wire. */
@Timeout(10)
class Rfc2217TransportTest {

    @Test
    void openNegotiatesOptionsThenSets115200EightNoneOneWithoutFlowControl() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            byte[] raw = server.raw();
            for (int option : new int[] {44, 0, 3}) {
                assertTrue(TransportAssertions.contains(raw, bytes(255, 251, option)), "WILL " + option);
            }
            for (int option : new int[] {0, 3}) {
                assertTrue(TransportAssertions.contains(raw, bytes(255, 253, option)), "DO " + option);
            }
            assertTrue(server.awaitRaw(bytes(255, 250, 44, 5, 1, 255, 240), 3000), "SET-CONTROL no flow control");
            List<byte[]> sb = server.subnegotiations();
            assertArrayEquals(bytes(44, 1, 0x00, 0x01, 0xC2, 0x00), sb.get(0), "SET-BAUDRATE 115200 big-endian");
            assertArrayEquals(bytes(44, 2, 8), sb.get(1), "SET-DATASIZE 8");
            assertArrayEquals(bytes(44, 3, 1), sb.get(2), "SET-PARITY NONE");
            assertArrayEquals(bytes(44, 4, 1), sb.get(3), "SET-STOPSIZE 1");
            assertArrayEquals(bytes(44, 5, 1), sb.get(4), "SET-CONTROL no flow control");
            assertEquals(115200, t.baudRate());
            assertTrue(t.hasControlLines());
        }
    }

    @Test
    void dtrAndRtsTravelAsSetControl() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            t.setDtr(false);
            t.setRts(true);
            t.setDtr(true);
            t.setRts(false);
            assertTrue(server.awaitRaw(bytes(
                    255, 250, 44, 5, 9, 255, 240,
                    255, 250, 44, 5, 11, 255, 240,
                    255, 250, 44, 5, 8, 255, 240,
                    255, 250, 44, 5, 12, 255, 240), 3000), "DTR off, RTS on, DTR on, RTS off in order");
        }
    }

    @Test
    void baudChangeWaitsForTheAckAndEscapesIacInsideTheValue() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            t.setBaudRate(460800);
            assertEquals(460800, t.baudRate());
            assertTrue(TransportAssertions.contains(server.raw(), bytes(255, 250, 44, 1, 0x00, 0x07, 0x08, 0x00, 255, 240)));
            t.setBaudRate(0xFFFF); // both low bytes are IAC: must be doubled
            assertEquals(0xFFFF, t.baudRate());
            assertTrue(TransportAssertions.contains(server.raw(), bytes(255, 250, 44, 1, 0, 0, 255, 255, 255, 255, 255, 240)));
        }
    }

    @Test
    void aDifferentAcknowledgedBaudIsAnError() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            server.baudToAck = 115200;
            TransportException e = assertThrows(TransportException.class, () -> t.setBaudRate(921600));
            assertTrue(e.getMessage().contains("115200 baud instead of 921600"), e.getMessage());
            assertEquals(115200, t.baudRate());
        }
    }

    @Test
    void dataIsEscapedOutAndUnescapedInWithCommandsStripped() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            t.write(bytes(0x01, 0xFF, 0x02, 0xFF, 0xFF));
            assertTrue(server.awaitRaw(bytes(0x01, 255, 255, 0x02, 255, 255, 255, 255), 3000));
            assertArrayEquals(bytes(0x01, 0xFF, 0x02, 0xFF, 0xFF), server.awaitData(5, 3000));

            server.sendRaw(bytes(
                    0x41, 255, 255,
                    255, 250, 44, 107, 0x30, 255, 240, // NOTIFY-MODEMSTATE in the middle of data
                    0x42,
                    255, 241,                          // NOP
                    255, 251, 1,                       // WILL ECHO: must be refused, not shown as data
                    255, 255, 0x43));
            assertArrayEquals(bytes(0x41, 0xFF, 0x42, 0xFF, 0x43), readExactly(t, 5, 3000));
            assertTrue(server.awaitRaw(bytes(255, 254, 1), 3000), "DONT ECHO");
            byte[] buf = new byte[8];
            assertEquals(0, t.read(buf, 0, buf.length, 100));
        }
    }

    @Test
    void flushInputPurgesBothEnds() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            server.sendRaw(bytes(1, 2, 3));
            Thread.sleep(200);
            t.flushInput();
            assertTrue(TransportAssertions.contains(server.raw(), bytes(255, 250, 44, 12, 1, 255, 240)), "PURGE-DATA receive buffer");
            byte[] buf = new byte[8];
            assertEquals(0, t.read(buf, 0, buf.length, 100));
            server.sendRaw(bytes(4));
            assertArrayEquals(bytes(4), readExactly(t, 1, 3000));
        }
    }

    @Test
    void serverGoneIsLinkClosed() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.NORMAL);
             Transport t = Transports.open(server.url())) {
            server.sendRaw(bytes(9));
            server.dropClient();
            assertArrayEquals(bytes(9), readExactly(t, 1, 3000), "bytes before the close still arrive");
            byte[] buf = new byte[8];
            assertThrows(LinkClosedException.class, () -> t.read(buf, 0, buf.length, 3000));
        }
    }

    @Test
    void serverRefusingComPortOptionIsExplained() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.REFUSE_COM_PORT)) {
            TransportException e = assertThrows(TransportException.class, () -> Transports.open(server.url()));
            assertTrue(e.getMessage().contains("refuses"), e.getMessage());
            assertTrue(e.hint().contains("socket://"), e.hint());
        }
    }

    @Test
    void rawTcpServerIsNotMistakenForRfc2217() throws Exception {
        try (FakeRfc2217Server server = new FakeRfc2217Server(FakeRfc2217Server.Mode.SILENT)) {
            TransportException e = assertThrows(TransportException.class, () -> Transports.open(server.url()));
            assertTrue(e.getMessage().contains("did not negotiate"), e.getMessage());
            assertTrue(e.hint().contains("socket://"), e.hint());
        }
    }
}

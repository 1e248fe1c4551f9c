package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.protocol.Slip;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimServerTest {

    private static int freeBasePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Everything the socket delivers within the time (or until EOF). */
    private static byte[] readFor(Socket socket, long millis) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        long deadline = System.currentTimeMillis() + millis;
        byte[] buf = new byte[4096];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] readReg(Socket socket, long address) throws Exception {
        socket.getOutputStream().write(Slip.encode(HostSide.request(0x0A, HostSide.words(address), 0)));
        return readFor(socket, 300);
    }

    private static void sync(Socket socket) throws Exception {
        socket.getOutputStream().write(Slip.encode(HostSide.request(0x08, HostSide.syncPayload(), 0)));
        byte[] answers = readFor(socket, 300);
        byte[] one = Slip.encode(new byte[] {1, 8, 2, 0, 7, 7, 0x12, 0x20, 0, 0});
        assertTrue(answers.length >= 8 * one.length, "eight SYNC answers");
    }

    @Test
    void twoDevicesEachConnectionIsAPowerOnAndOneClientAtATime() throws Exception {
        int base = freeBasePort();
        VirtualDevice a = new VirtualDevice(VirtualDeviceConfig.builder().mac(VirtualDeviceConfig.defaultMac(0)).build());
        VirtualDevice b = new VirtualDevice(VirtualDeviceConfig.builder().mac(VirtualDeviceConfig.defaultMac(1)).build());
        try (SimServer server = new SimServer("127.0.0.1", base, List.of(a, b))) {
            server.start();
            assertEquals(List.of("LISTENING 127.0.0.1:" + base, "LISTENING 127.0.0.1:" + (base + 1)),
                    server.listeningLines());
            try (Socket s0 = new Socket("127.0.0.1", base); Socket s1 = new Socket("127.0.0.1", base + 1)) {
                // the bridge has no rate of its own, so the ROM banner reads as text
                String banner = new String(readFor(s0, 200), StandardCharsets.ISO_8859_1);
                assertTrue(banner.contains("boot mode:(1,7)"), banner);
                sync(s0);
                sync(s1);
                byte[] mac0 = readReg(s0, 0x3FF00050L);
                byte[] mac1 = readReg(s1, 0x3FF00050L);
                assertEquals(0x00, mac0[8], "device 0: MAC ends in 00");
                assertEquals(0x01, mac1[8], "device 1: MAC ends in 01");
                try (Socket intruder = new Socket("127.0.0.1", base)) {
                    assertEquals(0, readFor(intruder, 500).length, "refused: closed at once");
                }
                readFor(s0, 50);
                assertTrue(readReg(s0, 0x40001000L).length > 0, "the first client still owns the device");
            }
            Thread.sleep(100);
            try (Socket again = new Socket("127.0.0.1", base)) {
                readFor(again, 100);
                assertEquals(0, readReg(again, 0x40001000L).length, "new power-on: not synced yet");
                sync(again);
                byte[] magic = readReg(again, 0x40001000L);
                assertArrayEquals(Slip.encode(new byte[] {1, 0x0A, 2, 0, 1, (byte) 0xC1, (byte) 0xF0, (byte) 0xFF, 0, 0}),
                        magic);
            }
        }
    }

    @Test
    void aPortGetsAnotherDeviceAfterTheOneBeforeIsUnplugged() throws Exception {
        VirtualDevice first = new VirtualDevice(VirtualDeviceConfig.builder().mac(VirtualDeviceConfig.defaultMac(0)).build());
        try (SimServer server = new SimServer("127.0.0.1", 0, List.of(first))) {
            server.start();
            int port = Integer.parseInt(server.listeningLines().get(0).replaceAll(".*:", ""));
            try (Socket s = new Socket("127.0.0.1", port)) {
                readFor(s, 100);
                sync(s);
                assertEquals(0x00, readReg(s, 0x3FF00050L)[8], "the first device");
                server.plug(0, null);
                assertEquals(0, readFor(s, 500).length, "unplugged: its power is cut, the link ends");
            }
            Thread.sleep(100);
            try (Socket empty = new Socket("127.0.0.1", port)) {
                assertEquals(0, readFor(empty, 300).length, "an empty port: closed at once");
                assertEquals(-1, empty.getInputStream().read());
            }
            server.plug(0, new VirtualDevice(VirtualDeviceConfig.builder().mac(VirtualDeviceConfig.defaultMac(7)).build()));
            try (Socket s = new Socket("127.0.0.1", port)) {
                readFor(s, 100);
                sync(s);
                assertEquals(0x07, readReg(s, 0x3FF00050L)[8], "the next device, on the same port");
            }
        }
    }
}

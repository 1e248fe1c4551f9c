package dev.flashline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.cli.FlashlineCli;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a virtual device reached the way real adapters are: a pseudo-terminal through
 * jSerialComm (socat bridges the PTY to the device), and RFC 2217 through Debian's ser2net.
 */
class SerialLinksEndToEndTest {
    @TempDir
    Path tmp;
    private SimServer server;
    private SocatPtyBridge socat;

    @AfterEach
    void stop() throws Exception {
        if (socat != null) {
            socat.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A virtual device behind a fresh PTY (socat connects to it: a power-on in download mode). */
    private String deviceOnPty(VirtualDevice device) throws Exception {
        int port = ExternalTools.freePort();
        server = new SimServer("127.0.0.1", port, List.of(device));
        server.start();
        socat = SocatPtyBridge.toTcp(port);
        return socat.pty();
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FlashlineCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, exit, err.toString());
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path firmware(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(3).nextBytes(data);
        Path file = tmp.resolve("data.bin");
        Files.write(file, data);
        return file;
    }

    @Test
    void overAPseudoTerminalThroughJSerialComm() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().mac("ac:d0:74:01:02:03").build());
        String pty = deviceOnPty(device);
        String info = run("chip-info", "--port", pty, "--before", "no-reset", "--after", "no-reset", "--json");
        assertTrue(info.contains("\"mac\":\"ac:d0:74:01:02:03\""), info);
        Path file = firmware(50_000);
        String w = run("write-flash", "--port", pty, "--before", "no-reset", "--after", "no-reset", "--offset", "0x40000",
                "--json", file.toString());
        assertTrue(w.contains("\"verified\":true"), w);
        assertArrayEquals(Files.readAllBytes(file), Arrays.copyOfRange(device.flash().snapshot(), 0x40000, 0x40000 + 50_000));
        Path back = tmp.resolve("back.bin");
        run("read-flash", "--port", pty, "--before", "no-reset", "--offset", "0x40000", "--size", "50000", "--output", back.toString());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back));
    }

    @Test
    void overRfc2217ThroughSer2netWithABaudChange() throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().build());
        String pty = deviceOnPty(device);
        try (Ser2netServer ser2net = Ser2netServer.start(pty)) {
            Path file = firmware(80_000);
            String w = run("write-flash", "--port", ser2net.url(), "--before", "no-reset", "--after", "no-reset",
                    "--baud", "230400", "--json", "--offset", "0x10000", file.toString());
            assertTrue(w.contains("\"verified\":true"), w);
            assertArrayEquals(Files.readAllBytes(file), Arrays.copyOfRange(device.flash().snapshot(), 0x10000, 0x10000 + 80_000));
        }
    }
}

package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.flasher.TestStubs;
import dev.flashline.sim.Chip;
import dev.flashline.sim.Fault;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every CLI command with --json against virtual devices served over TCP (socket://), as a user runs them. */
class CliCommandsTest {
    @TempDir
    Path tmp;
    private SimServer server;
    private VirtualDevice device;
    private String port;
    private String stub;

    @BeforeEach
    void start() throws Exception {
        device = new VirtualDevice(VirtualDeviceConfig.builder().mac("5c:cf:7f:a1:b2:c3").build());
        port = serve(device);
        stub = TestStubs.write(tmp).toString();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String serve(VirtualDevice d) throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        if (server != null) {
            server.close();
        }
        server = new SimServer("127.0.0.1", free, List.of(d));
        server.start();
        return "socket://127.0.0.1:" + free;
    }

    @Test
    void chipInfo() {
        CliRun r = CliRun.of("chip-info", "--port", port, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = r.json();
        assertEquals("ESP8266EX", j.get("chip").asText());
        assertEquals("5c:cf:7f:a1:b2:c3", j.get("mac").asText());
        assertEquals("c84014", j.get("flashJedecId").asText());
        assertEquals("1MB", j.get("flashSize").asText());
        assertEquals(26, j.get("crystalMHz").asInt());
    }

    @Test
    void writeVerifyReadErase() throws Exception {
        byte[] image = DemoFirmwareImage.build("14.3.0(demo)", 128 * 1024);
        Path file = tmp.resolve("fw.bin");
        Files.write(file, image);
        CliRun w = CliRun.of("write-flash", "--port", port, "--stub", stub, "--flash-mode", "dio", "--flash-size", "detect",
                "--json", file.toString());
        assertEquals(0, w.exit(), w.err());
        assertTrue(w.json().get("verified").asBoolean());
        assertEquals(image.length, w.json().get("size").asInt());
        byte[] flash = device.flash().snapshot();
        assertEquals(2, flash[2], "flash mode patched to DIO");
        assertEquals(0x20, flash[3] & 0xF0, "size nibble = 1MB (detected)");
        assertArrayEquals(Arrays.copyOfRange(image, 4, image.length), Arrays.copyOfRange(flash, 4, image.length));

        CliRun v = CliRun.of("verify-flash", "--port", port, "--stub", stub, "--json", file.toString());
        assertEquals(1, v.exit(), "the header was patched, so the raw file no longer matches");
        assertFalse(v.json().get("match").asBoolean());

        Path backup = tmp.resolve("backup.bin");
        CliRun rd = CliRun.of("read-flash", "--port", port, "--stub", stub, "--size", "all", "--output", backup.toString(), "--json");
        assertEquals(0, rd.exit(), rd.err());
        byte[] saved = Files.readAllBytes(backup);
        assertArrayEquals(device.flash().snapshot(), saved);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(saved)), rd.json().get("sha256").asText());

        CliRun again = CliRun.of("read-flash", "--port", port, "--stub", stub, "--size", "4096", "--output", backup.toString());
        assertEquals(2, again.exit(), "an existing backup is never overwritten");
        assertArrayEquals(saved, Files.readAllBytes(backup));

        CliRun v2 = CliRun.of("verify-flash", "--port", port, "--stub", stub, "--json", backup.toString());
        assertEquals(0, v2.exit(), v2.err());
        assertTrue(v2.json().get("match").asBoolean());

        CliRun e = CliRun.of("erase-flash", "--port", port, "--stub", stub, "--json");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.json().get("erased").asBoolean());
        for (byte b : device.flash().snapshot()) {
            assertEquals((byte) 0xFF, b);
        }
    }

    @Test
    void romOnlyPathWritesButSaysReadNeedsAStub() throws Exception {
        Path file = tmp.resolve("data.bin");
        byte[] data = new byte[5000];
        Arrays.fill(data, (byte) 0x42);
        Files.write(file, data);
        CliRun w = CliRun.of("write-flash", "--port", port, "--no-stub", "--offset", "0x20000", "--json", file.toString());
        assertEquals(0, w.exit(), w.err());
        assertFalse(w.json().get("verified").asBoolean());
        assertArrayEquals(data, Arrays.copyOfRange(device.flash().snapshot(), 0x20000, 0x20000 + 5000));
        CliRun r = CliRun.of("read-flash", "--port", port, "--no-stub", "--size", "4096", "--output", tmp.resolve("x").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("needs a flasher stub"), r.err());
        assertTrue(r.err().contains("hint: Drop --no-stub"), "the CLI names its own flags: " + r.err());
    }

    @Test
    void offsetsAndSizesTakeTheOneSizeGrammar() throws Exception {
        Path file = tmp.resolve("data.bin");
        byte[] data = new byte[5000];
        Arrays.fill(data, (byte) 0x5A);
        Files.write(file, data);
        CliRun w = CliRun.of("write-flash", "--port", port, "--stub", stub, "--offset", "128K", "--json", file.toString());
        assertEquals(0, w.exit(), w.err());
        assertEquals(0x20000, w.json().get("offset").asInt());
        assertArrayEquals(data, Arrays.copyOfRange(device.flash().snapshot(), 0x20000, 0x20000 + 5000));
        Path back = tmp.resolve("back.bin");
        CliRun r = CliRun.of("read-flash", "--port", port, "--stub", stub, "--offset", "0x20000", "--size", "4KB",
                "--output", back.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Arrays.copyOf(data, 4096), Files.readAllBytes(back));
        CliRun bad = CliRun.of("read-flash", "--port", port, "--size", "4 GB", "--output", tmp.resolve("y").toString(), "--json");
        assertEquals(2, bad.exit());
        assertEquals("input.bad-size", bad.json().get("error").get("code").asText());
    }

    @Test
    void aVerifyMismatchIsExitOneWithItsCode() throws Exception {
        port = serve(new VirtualDevice(VirtualDeviceConfig.builder().fault(new Fault(Fault.Kind.FLASH_BAD_BIT, 0x10005)).build()));
        Path file = tmp.resolve("a5.bin");
        byte[] data = new byte[8192];
        Arrays.fill(data, (byte) 0xA5);
        Files.write(file, data);
        CliRun w = CliRun.of("write-flash", "--port", port, "--stub", stub, "--offset", "0x10000", "--json", file.toString());
        assertEquals(1, w.exit(), w.err());
        assertEquals("verify.mismatch", w.json().get("error").get("code").asText());
        assertTrue(w.json().get("error").get("message").asText().contains("Verify failed"));
    }

    @Test
    void badInputsAreExitTwoWithAHint() throws Exception {
        Path tooBig = tmp.resolve("big.bin");
        Files.write(tooBig, DemoFirmwareImage.build("14.3.0(demo)", 2 << 20));
        CliRun r = CliRun.of("write-flash", "--port", port, "--stub", stub, tooBig.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("does not fit"), r.err());
        assertTrue(r.err().contains("hint:"), r.err());

        Path notImage = tmp.resolve("notes.txt");
        Files.writeString(notImage, "hello");
        CliRun n = CliRun.of("write-flash", "--port", port, "--stub", stub, "--json", notImage.toString());
        assertEquals(2, n.exit());
        assertTrue(n.json().get("error").get("message").asText().contains("0xE9"));

        assertEquals(2, CliRun.of("write-flash", "--port", port, tmp.resolve("missing.bin").toString()).exit());
        assertEquals(2, CliRun.of("chip-info").exit(), "missing --port is bad usage");
        assertEquals(2, CliRun.of("write-flash", "--port", port, "--before", "sometimes", notImage.toString()).exit());
        CliRun noDevice = CliRun.of("chip-info", "--port", "socket://127.0.0.1:1");
        assertEquals(3, noDevice.exit());
        CliRun noDeviceJson = CliRun.of("chip-info", "--port", "socket://127.0.0.1:1", "--json");
        assertEquals(3, noDeviceJson.exit());
        assertEquals("port.unavailable", noDeviceJson.json().get("error").get("code").asText());
        CliRun malformed = CliRun.of("chip-info", "--port", "localhost:5555", "--json");
        assertEquals(2, malformed.exit(), "a malformed port URL is bad usage (contract), not an unreachable device");
        assertEquals("input.bad-port", malformed.json().get("error").get("code").asText());
        CliRun badBefore = CliRun.of("chip-info", "--port", port, "--before", "sometimes");
        assertTrue(badBefore.err().contains("Set --before to default-reset, no-reset or wait."), badBefore.err());
    }

    @Test
    void doctorNamesEachCause() throws Exception {
        assertDoctor(VirtualDeviceConfig.builder().build(), "ok", 0);
        assertDoctor(VirtualDeviceConfig.builder().fault(Fault.silent()).build(), "no-data", 3);
        assertDoctor(VirtualDeviceConfig.builder().fault(Fault.echo()).build(), "echo", 3);
        assertDoctor(VirtualDeviceConfig.builder().fault(Fault.bootFromFlash()).build(), "boot-from-flash", 3);
        assertDoctor(VirtualDeviceConfig.builder().fault(Fault.wrongBootMode()).build(), "wrong-boot-mode", 3);
        assertDoctor(VirtualDeviceConfig.builder().fault(Fault.noise()).build(), "garbage", 3);
        JsonNode esp32 = assertDoctor(VirtualDeviceConfig.builder().chip(Chip.ESP32).build(), "ok", 0);
        assertTrue(esp32.get("detail").asText().contains("ESP32"));
    }

    private JsonNode assertDoctor(VirtualDeviceConfig config, String cause, int exit) throws Exception {
        port = serve(new VirtualDevice(config));
        CliRun r = CliRun.of("doctor", "--port", port, "--json");
        JsonNode j = r.json();
        assertEquals(cause, j.get("cause").asText(), r.err());
        assertEquals(exit, r.exit());
        assertFalse(j.get("hint").asText().isBlank());
        return j;
    }

    @Test
    void connectFailureExplainsTheCause() throws Exception {
        port = serve(new VirtualDevice(VirtualDeviceConfig.builder().fault(Fault.bootFromFlash()).build()));
        CliRun r = CliRun.of("chip-info", "--port", port, "--before", "no-reset");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("GPIO0"), r.err());
        assertTrue(r.err().contains("with --before wait or no-reset"), r.err());
    }
}

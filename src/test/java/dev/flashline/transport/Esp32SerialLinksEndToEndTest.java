package dev.flashline.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.catalog.TestTasmota32Images;
import dev.flashline.cli.FlashlineCli;
import dev.flashline.digest.Digests;
import dev.flashline.sim.Chip;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CLI on a virtual ESP32 and ESP32-C3 reached as real adapters are: a pseudo-terminal through
 * jSerialComm (socat bridges it to the device, as `simulate --chip esp32c3` serves it), and RFC 2217
 * through Debian's ser2net with a baud change. The ESP32 goes through its ROM (compressed writes,
 * READ_FLASH_SLOW), the ESP32-C3 through flashline's stub; both end with the bytes in flash and a
 * backup whose sha256 the JSON reports.
 */
class Esp32SerialLinksEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APP_OFFSET = 0x10000;

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

    private VirtualDevice device(Chip chip, String mac) throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).mac(mac).build());
        int port = ExternalTools.freePort();
        server = new SimServer("127.0.0.1", port, List.of(device));
        server.start();
        socat = SocatPtyBridge.toTcp(port);
        return device;
    }

    private static JsonNode run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FlashlineCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(0, exit, String.join(" ", args) + "\n" + err);
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** A small Tasmota32-like app image for the chip (tasmota32.bin / tasmota32c3.bin), written at 0x10000. */
    private Path app(Chip chip) throws Exception {
        Path file = tmp.resolve(chip == Chip.ESP32 ? "tasmota32.bin" : "tasmota32c3.bin");
        Files.write(file, TestTasmota32Images.app(chip, "15.0.1", 48 * 1024));
        return file;
    }

    private static String chipName(Chip chip) {
        return chip == Chip.ESP32 ? "ESP32" : "ESP32-C3";
    }

    /** chip-info, write-flash (compressed, verified), read-flash back: the same checks on any link. */
    private void identifyWriteAndBackUp(Chip chip, VirtualDevice device, String port, String mac, String... linkOptions)
            throws Exception {
        JsonNode info = run(concat(new String[] {"chip-info", "--port", port, "--before", "no-reset", "--after", "no-reset",
                "--json"}, linkOptions));
        assertEquals(chipName(chip), info.get("chip").asText(), info.toString());
        assertEquals(mac, info.get("mac").asText());
        assertEquals("4MB", info.get("flashSize").asText());

        Path file = app(chip);
        byte[] image = Files.readAllBytes(file);
        JsonNode w = run(concat(new String[] {"write-flash", "--port", port, "--before", "no-reset", "--after", "no-reset",
                "--offset", "0x10000", "--json", file.toString()}, linkOptions));
        assertTrue(w.get("verified").asBoolean(), w.toString());
        assertEquals(image.length, w.get("size").asInt());
        assertTrue(w.get("sentBytes").asLong() < image.length, "sent compressed: " + w);
        assertArrayEquals(image, Arrays.copyOfRange(device.flash().snapshot(), APP_OFFSET, APP_OFFSET + image.length));

        Path back = tmp.resolve("backup-" + chip + ".bin");
        int size = 16 * 1024;
        JsonNode r = run(concat(new String[] {"read-flash", "--port", port, "--before", "no-reset", "--after", "no-reset",
                "--offset", "0x10000", "--size", Integer.toString(size), "--output", back.toString(), "--json"}, linkOptions));
        byte[] expected = Arrays.copyOfRange(image, 0, size);
        assertArrayEquals(expected, Files.readAllBytes(back));
        assertEquals(Digests.sha256Hex(expected), r.get("sha256").asText());
        assertEquals(size, r.get("size").asInt());
    }

    @ParameterizedTest
    @EnumSource(value = Chip.class, names = {"ESP32", "ESP32C3"})
    void overAPseudoTerminalThroughJSerialComm(Chip chip) throws Exception {
        String mac = chip == Chip.ESP32 ? "24:0a:c4:01:02:03" : "84:f7:03:01:02:03";
        VirtualDevice device = device(chip, mac);
        identifyWriteAndBackUp(chip, device, socat.pty(), mac);
    }

    @ParameterizedTest
    @EnumSource(value = Chip.class, names = {"ESP32", "ESP32C3"})
    void overRfc2217ThroughSer2netWithABaudChange(Chip chip) throws Exception {
        String mac = chip == Chip.ESP32 ? "24:0a:c4:0a:0b:0c" : "84:f7:03:0a:0b:0c";
        VirtualDevice device = device(chip, mac);
        try (Ser2netServer ser2net = Ser2netServer.start(socat.pty())) {
            identifyWriteAndBackUp(chip, device, ser2net.url(), mac, "--baud", "230400");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

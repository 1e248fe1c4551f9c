package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.sim.Chip;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each device command with --json against a virtual ESP32 / ESP32-C3 served over TCP, as `simulate --chip` serves it. */
class Esp32CliCommandsTest {
    @TempDir
    Path tmp;
    private SimServer server;

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
        server = new SimServer("127.0.0.1", free, List.of(d));
        server.start();
        return "socket://127.0.0.1:" + free;
    }

    @ParameterizedTest
    @EnumSource(value = Chip.class, names = {"ESP32", "ESP32C3"})
    void everyCommandWorks(Chip chip) throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).mac("24:0a:c4:aa:bb:cc")
                .flashSize(4 << 20).build());
        String port = serve(device);
        String name = chip == Chip.ESP32 ? "ESP32" : "ESP32-C3";

        CliRun info = CliRun.of("chip-info", "--port", port, "--json");
        assertEquals(0, info.exit(), info.err());
        assertEquals(name, info.json().get("chip").asText());
        assertEquals("24:0a:c4:aa:bb:cc", info.json().get("mac").asText());
        assertEquals("4MB", info.json().get("flashSize").asText());

        byte[] factory = DemoTasmota32Image.factory(chip);
        Path file = tmp.resolve("factory.bin");
        Files.write(file, factory);
        CliRun w = CliRun.of("write-flash", "--port", port, "--baud", "460800", "--json", file.toString());
        assertEquals(0, w.exit(), w.err());
        assertTrue(w.json().get("verified").asBoolean());
        assertArrayEquals(factory, Arrays.copyOf(device.flash().snapshot(), factory.length));

        CliRun v = CliRun.of("verify-flash", "--port", port, "--json", file.toString());
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.json().get("match").asBoolean());

        Path part = tmp.resolve("partitions.bin");
        CliRun rd = CliRun.of("read-flash", "--port", port, "--offset", "0x8000", "--size", "4KB", "--output",
                part.toString(), "--json");
        assertEquals(0, rd.exit(), rd.err());
        assertArrayEquals(Arrays.copyOfRange(factory, 0x8000, 0x9000), Files.readAllBytes(part));

        Path wrong = tmp.resolve("wrong.bin");
        Files.write(wrong, DemoTasmota32Image.factory(chip == Chip.ESP32 ? Chip.ESP32C3 : Chip.ESP32));
        CliRun refused = CliRun.of("write-flash", "--port", port, "--json", wrong.toString());
        assertEquals(2, refused.exit(), refused.err());
        assertArrayEquals(factory, Arrays.copyOf(device.flash().snapshot(), factory.length), "nothing written");

        CliRun e = CliRun.of("erase-flash", "--port", port, "--json");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.json().get("erased").asBoolean());
        for (byte b : Arrays.copyOf(device.flash().snapshot(), factory.length)) {
            assertEquals((byte) 0xFF, b);
        }

        CliRun d = CliRun.of("doctor", "--port", port, "--json");
        JsonNode j = d.json();
        assertEquals("ok", j.get("cause").asText(), d.err());
        assertEquals(0, d.exit());
        assertTrue(j.get("detail").asText().startsWith(name), j.get("detail").asText());
    }
}

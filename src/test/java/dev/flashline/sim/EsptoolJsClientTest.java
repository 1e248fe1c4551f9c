package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A third-party flasher client against the virtual devices: the esptool-js library (Espressif's
 * JavaScript esptool, from npm) driven over socket:// by src/test/node/esptool-js/esptool.mjs.
 * It detects the chip its own way, uploads esptool's own stub, writes compressed and checks the
 * flash MD5, and reads back. .ci/run installs node and the package; elsewhere the test is skipped
 * when they are missing.
 */
class EsptoolJsClientTest {
    private static final Path CLIENT_DIR = Path.of("src/test/node/esptool-js");

    @TempDir
    Path tmp;

    @BeforeAll
    static void clientInstalled() {
        boolean installed = Files.isDirectory(CLIENT_DIR.resolve("node_modules/esptool-js")) && onPath("node");
        if (System.getenv("CI") != null) {
            assertTrue(installed, "CI must install node and the esptool-js package (npm ci --prefix " + CLIENT_DIR + ")");
        }
        assumeTrue(installed, "node or the esptool-js package is not installed (npm ci --prefix " + CLIENT_DIR + ")");
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    @ParameterizedTest
    @EnumSource(Chip.class)
    void esptoolJsDetectsWritesVerifiesAndReadsBack(Chip chip) throws Exception {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).build());
        byte[] image = new byte[96 * 1024 + 13];
        new Random(chip.ordinal()).nextBytes(image);
        Arrays.fill(image, 0, 40 * 1024, (byte) 0x5A); // compressible part: the client deflates
        Path file = tmp.resolve("image.bin");
        Files.write(file, image);
        int offset = 0x20000;
        try (SimServer server = new SimServer("127.0.0.1", freePort(), List.of(device))) {
            server.start();
            String url = "socket://" + server.listeningLines().get(0).substring("LISTENING ".length());
            String write = esptoolJs(url, "write_flash", "-z", "0x20000", file.toString());
            assertTrue(write.contains("Hash of data verified"), write);
            assertTrue(write.contains("Chip is"), write);
            assertArrayEquals(image, device.flash().read(offset, image.length), "the bytes esptool-js wrote");
            Path back = tmp.resolve("back.bin");
            String read = esptoolJs(url, "read_flash", "0x20000", Integer.toString(image.length), back.toString());
            assertArrayEquals(image, Files.readAllBytes(back), read);
        }
    }

    private String esptoolJs(String url, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("node", "esptool.mjs", "--port", url, "--baud", "921600"));
        cmd.addAll(List.of(command));
        Path log = tmp.resolve("esptool-js.log");
        Process p = new ProcessBuilder(cmd).directory(CLIENT_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("esptool-js did not finish: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.sim.tasmota.DemoFirmwareImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EsptoolComparisonTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Output output = new Output(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), false);

    @Test
    void missingCommandIsSkippedWithAMessage() throws Exception {
        Map<String, Object> m = new EsptoolComparison(output, "/nonexistent/esptool.py", 921600, null).run(new byte[4096]);
        assertEquals("/nonexistent/esptool.py not found", m.get("skipped"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("esptool comparison skipped"));
    }

    /** A stand-in esptool (flashline's own write-flash behind esptool's arguments) writes the image through the TCP port. */
    @Test
    void standInWritesTheImageThroughTheSimulatedPort() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " " + EsptoolStandIn.class.getName();
        byte[] image = DemoFirmwareImage.build("14.3.0(demo)", 64 * 1024);
        Map<String, Object> m = new EsptoolComparison(output, command, 921600, null).run(image);
        assertEquals(0, m.get("esptoolExit"), err.toString(StandardCharsets.UTF_8));
        assertEquals(true, m.get("esptoolImageInFlash"));
        assertTrue((double) m.get("esptoolSeconds") > 0 && (double) m.get("flashlineSeconds") > 0, m.toString());
    }

    /** {@code --port P --baud B write_flash OFFSET FILE}, as the benchmark calls esptool. */
    public static final class EsptoolStandIn {
        public static void main(String[] args) {
            System.exit(FlashlineCli.run(new String[] {"write-flash", "--port", args[1], "--baud", args[3], "--before", "no-reset",
                    "--after", "no-reset", "--offset", args[5], args[6]}, System.out, System.err));
        }
    }
}

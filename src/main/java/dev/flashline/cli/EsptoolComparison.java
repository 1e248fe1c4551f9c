package dev.flashline.cli;

import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.pipeline.EmbeddedBroker;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `benchmark --esptool CMD`: the same image written at the same rate by flashline and by an
 * external esptool, each to its own line-rate virtual Sonoff served on a TCP port as `simulate`
 * serves it (esptool runs as {@code CMD --port socket://127.0.0.1:P --baud B write_flash 0x0 FILE}).
 * Both figures include connecting, the stub upload, the write and the MD5 check.
 */
final class EsptoolComparison {
    private static final long TIMEOUT_MINUTES = 10;

    private final Output output;
    private final String command;
    private final int baud;
    private final Path stub;

    EsptoolComparison(Output output, String command, int baud, Path stub) {
        this.output = output;
        this.command = command;
        this.baud = baud;
        this.stub = stub;
    }

    Map<String, Object> run(byte[] image) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        if (command == null || command.isBlank()) {
            output.info("esptool comparison skipped: no --esptool CMD given");
            m.put("skipped", "no --esptool CMD given");
            return m;
        }
        List<String> base = Arrays.asList(command.trim().split("\\s+"));
        if (!runnable(base.get(0))) {
            output.info("esptool comparison skipped: '" + base.get(0) + "' not found (give its path or put it on PATH)");
            m.put("skipped", base.get(0) + " not found");
            return m;
        }
        Path file = Files.createTempFile("flashline-bench-image", ".bin");
        Path log = Files.createTempFile("flashline-bench-esptool", ".log");
        try {
            Files.write(file, image);
            double ours;
            try (Served device = Served.start(true)) {
                ours = flashline(device.url, image);
            }
            output.info(String.format("flashline write (connect, stub, write, MD5) over %s at %d baud: %.2f s", "socket://", baud, ours));
            m.put("flashlineSeconds", Numbers.round3(ours));
            try (Served device = Served.start(false)) { // it runs esptool's stub, which answers data blocks before writing them
                List<String> cmd = new ArrayList<>(base);
                cmd.addAll(List.of("--port", device.url, "--baud", Integer.toString(baud), "write_flash", "0x0", file.toString()));
                Process process;
                long start = System.nanoTime();
                try {
                    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                } catch (IOException e) {
                    output.info("esptool comparison skipped: cannot run '" + command + "' (" + e.getMessage() + ")");
                    m.put("skipped", "cannot run " + command);
                    return m;
                }
                if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("esptool did not finish within " + TIMEOUT_MINUTES + " minutes; its output: " + log);
                }
                double theirs = (System.nanoTime() - start) / 1e9;
                int exit = process.exitValue();
                // Bytes 2-3 (flash mode/size) may be patched by esptool; the rest must be the image.
                byte[] flash = device.device.flash().read(0, image.length);
                boolean written = Arrays.equals(flash, 4, image.length, image, 4, image.length);
                output.info(String.format("esptool write (%s) same image, same rate: %.2f s, exit %d, image in flash: %s",
                        command, theirs, exit, written ? "yes" : "NO"));
                m.put("esptoolSeconds", Numbers.round3(theirs));
                m.put("esptoolExit", exit);
                m.put("esptoolImageInFlash", written);
                if (exit != 0 || !written) { // a failed run is no time to compare with
                    output.info("no comparison: esptool did not write the image; its output: " + Files.readString(log).strip());
                    return m;
                }
                output.info(String.format("flashline / esptool = %.3f (target <= 0.85)", ours / theirs));
                m.put("flashlineOverEsptool", Numbers.round3(ours / theirs));
                return m;
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(log);
        }
    }

    /** A path to an executable, or a name found on PATH. */
    private static boolean runnable(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(java.io.File.pathSeparator)).anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    private double flashline(String url, byte[] image) {
        ConnectOptions options = ConnectOptions.defaults(url).withBefore(ResetStrategy.NO_RESET).withAfter(AfterAction.NO_RESET)
                .withBaud(baud).withStub(stub, false);
        long start = System.nanoTime();
        try (FlashSession s = FlashSession.open(options, msg -> { })) {
            byte[] data = ImagePreparation.prepare(image, "demo", 0, s.chip(), "keep", "keep");
            WriteResult r = new Flasher(s, Progress.NONE).write(data, 0, WriteOptions.DEFAULTS);
            if (!r.verified()) {
                throw new IllegalStateException("flashline's write did not verify");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** One line-rate virtual Sonoff on a loopback TCP port. */
    private record Served(VirtualDevice device, SimServer server, String url) implements AutoCloseable {
        /** @param flashlineStub the device runs flashline's stub (else esptool's, as esptool uploads) */
        static Served start(boolean flashlineStub) throws IOException {
            VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().throttle(true).flashTiming(true).stockFlash(true)
                    .stubReadsCompressed(flashlineStub).build());
            SimServer server = new SimServer("127.0.0.1", EmbeddedBroker.freePort(), List.of(device));
            server.start();
            String line = server.listeningLines().get(0);
            return new Served(device, server, "socket://" + line.substring("LISTENING ".length()));
        }

        @Override
        public void close() {
            server.close();
            device.powerOff();
        }
    }
}

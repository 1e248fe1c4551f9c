package dev.flashline.cli;

import dev.flashline.camel.StepRecord;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.ReadResult;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import dev.flashline.loader.PacketLink;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.StubImage;
import dev.flashline.sim.Chip;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Engine benchmark: the line's flash work (connect, whole-flash backup, erase, write of a
 * Tasmota-size image, MD5 verify) on a line-rate virtual Sonoff (UART speed, datasheet flash
 * timing, stock factory flash), before and after issue 12: plain READ_FLASH backup + chip erase,
 * then compressed backup. Per step: time, bytes on the wire, line limit, ratio. With
 * {@code --esptool CMD} the same write also goes through an external esptool, side by side.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, description = "Measure the engine's steps against a line-rate virtual"
        + " device (or the line with --line, a fault campaign with --faults, a day at the station with --soak).")
final class BenchmarkCommand implements Callable<Integer> {
    /** --soak: between a device leaving a port and the next one appearing there. */
    private static final long SOAK_GAP_MILLIS = 500;

    @Option(names = "--stub", description = "Stub JSON to use (default: the bundled stub).")
    Path stub;

    @Option(names = "--baud", defaultValue = "460800", description = "Rate for every step (where the link sets a rate the ROM is tried at it first), also for --chip. Default: ${DEFAULT-VALUE}.")
    int baud;

    @Option(names = "--esptool", paramLabel = "CMD", description = "Also write the image with this esptool command (e.g. esptool.py, \"python3 -m esptool\") through a simulated TCP port.")
    String esptool;

    @Mixin
    JsonOption json;

    @Option(names = "--line", paramLabel = "K", description = "Instead: run the provisioning line on 1, then K line-rate virtual devices.")
    Integer lineDevices;

    @Option(names = "--faults", paramLabel = "N", description = "Instead: a campaign of N runs (write, read, verify), each with one injected link fault.")
    Integer faults;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault campaign. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--soak", paramLabel = "N", description = "Instead: a station that runs all day. The line (routes/, config/,"
            + " as run --simulate) provisions N unthrottled virtual Sonoffs that come and go on --ports ports, while foreign"
            + " traffic keeps the broker busy and phones visit the station page; prints heap after GC, live threads and"
            + " open file descriptors at start, middle and end, and per-device time of the first and last tenth. Exit 1 when a figure keeps growing (a leak) or a"
            + " device was not provisioned.")
    Integer soak;

    @Option(names = "--ports", paramLabel = "P", defaultValue = "4", description = "With --soak: jig ports; a fresh device appears"
            + " on a port shortly after the line is done with the one before. Default: ${DEFAULT-VALUE}.")
    int soakPorts;

    @Option(names = "--foreign-rate", paramLabel = "R", defaultValue = "50", description = "With --soak: messages a second that"
            + " other devices and systems publish on the broker (Tasmota-like tele/ and stat/ topics, retained ones among them,"
            + " other topics, random payloads). Default: ${DEFAULT-VALUE}.")
    int foreignRate;

    @Option(names = "--mqtt-url", paramLabel = "URL", description = "With --soak: use this broker (mqtt://HOST:PORT, e.g. a"
            + " Mosquitto) instead of an embedded one.")
    String mqttUrl;

    @Option(names = "--sample-every", paramLabel = "SECONDS", defaultValue = "5", description = "With --soak: seconds between"
            + " samples of heap, threads and descriptors. Default: ${DEFAULT-VALUE}.")
    double sampleSeconds;

    @Option(names = "--chip", defaultValue = "esp8266", description = "esp8266 | esp32 | esp32c3: the virtual chip"
            + " measured. Default: ${DEFAULT-VALUE}.")
    String chip;

    @Option(names = "--backup-size", defaultValue = "4MB", description = "ESP32 ROM path: the first bytes of the chip the"
            + " backup reads (READ_FLASH_SLOW skips blank and known 64 KB chunks). Default: ${DEFAULT-VALUE}.")
    String backupSize;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(FlashlineCli.out(), FlashlineCli.err(), json.json);
        Chip benchChip = parseChip(chip);
        if (benchChip.esp32Family()) {
            return new Esp32Benchmark(output, benchChip, stub, baud,
                    dev.flashline.units.ByteSize.parse(backupSize, "backup size")).call();
        }
        if (soak != null) {
            if (soak < 1 || soakPorts < 1 || foreignRate < 0 || sampleSeconds <= 0) {
                throw FlashlineException.badInput("--soak and --ports take a count of at least 1, --foreign-rate 0 or more,"
                        + " --sample-every a positive number of seconds", "For example: benchmark --soak 300 --ports 4 --foreign-rate 50");
            }
            SoakBenchmark.Result result = new SoakBenchmark(output, new SoakBenchmark.Settings(soak, soakPorts, foreignRate, 0, mqttUrl, SOAK_GAP_MILLIS,
                    (long) (sampleSeconds * 1000), Path.of("config"), Path.of("routes"), 3600)).run();
            output.result(result.figures());
            return result.exitCode();
        }
        if (lineDevices != null) {
            return new LineBenchmark(output, lineDevices).call();
        }
        if (faults != null) {
            return new FaultBenchmark(output, stub).call(faults, seed);
        }
        if (stub == null && StubImage.bundled().isEmpty()) {
            throw new FlashlineException(ErrorCode.BAD_STUB, "No flasher stub: the benchmark measures the stub path",
                    Hint.of("Build the bundled stub (src/stub/build.sh) or pass a stub file with {}.", Setting.STUB));
        }
        byte[] image = DemoFirmwareImage.build();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("baud", baud);
        figures.put("imageBytes", image.length);
        Map<String, Object> before = run("before (plain READ_FLASH backup, chip erase, write)", false, image, output);
        Map<String, Object> after = run("after (compressed backup, chip erase, write)", true, image, output);
        figures.put("before", before);
        figures.put("after", after);
        double ratio = (double) after.get("seconds") / (double) before.get("seconds");
        figures.put("afterOverBefore", Numbers.round3(ratio));
        output.info(String.format("before %.2f s, after %.2f s: after = %.3f x before", (double) before.get("seconds"),
                (double) after.get("seconds"), ratio));
        figures.put("esptool", new EsptoolComparison(output, esptool, baud, stub).run(image));
        output.result(figures);
        return 0;
    }

    private Map<String, Object> run(String name, boolean compressedReads, byte[] image, Output output) {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().throttle(true).flashTiming(true)
                .stockFlash(true).stubReadsCompressed(compressedReads).build());
        int size = device.flash().size();
        output.info("Line-rate virtual Sonoff (flash " + device.config().flashTiming().map(t -> t.part()).orElse("untimed")
                + "), " + baud + " baud, " + name + "...");
        List<StepRecord> steps = new ArrayList<>();
        Map<String, Object> m = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (FlashSession s = step(steps, "connect", null, () -> FlashSession.open(connectOptions("virtual", baud), msg -> { },
                url -> device.connect()))) {
            Flasher flasher = new Flasher(s, Progress.NONE);
            ReadResult read = step(steps, "backup", s, () -> flasher.read(0, size, OutputStream.nullOutputStream()));
            step(steps, "erase", s, () -> {
                flasher.eraseAll();
                return null;
            });
            byte[] data = ImagePreparation.prepare(image, "demo", 0, s.chip(), "keep", "keep");
            WriteResult written = step(steps, "flash", s, () -> flasher.write(data, 0, new WriteOptions(true, "keep", "keep", false, false)));
            boolean verified = step(steps, "verify", s, () -> flasher.matches(data, 0));
            double seconds = (System.nanoTime() - start) / 1e9;
            double readLimit = read.transferredBytes() * 10.0 / baud;
            output.info(String.format("  backup: %,d bytes of flash, %,d transferred (%s); data limit %.2f s",
                    read.size(), read.transferredBytes(), read.compressed() ? "READ_FLASH_DEFL" : "READ_FLASH", readLimit));
            output.info(String.format("  flash: %,d-byte image, %,d compressed bytes; verified %s", image.length, written.sentBytes(), verified));
            StepTable.lines(steps).forEach(output::info);
            output.info(String.format("  total %.2f s", seconds));
            m.put("seconds", Numbers.round3(seconds));
            m.put("backupRawBytes", read.size());
            m.put("backupTransferredBytes", read.transferredBytes());
            m.put("backupDataLimitSeconds", Numbers.round3(readLimit));
            m.put("compressedBytes", written.sentBytes());
            m.put("verified", verified);
            m.put("steps", StepTable.json(steps));
            return m;
        }
    }

    private static Chip parseChip(String text) {
        try {
            return Chip.parse(text);
        } catch (IllegalArgumentException e) {
            throw FlashlineException.badInput("Unknown chip '" + text + "' for the benchmark", "Use esp8266, esp32 or esp32c3.");
        }
    }

    private ConnectOptions options(int baud) {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withBaud(baud).withStub(stub, false);
    }

    /** Times one step and the bootloader traffic it caused on the session's link. */
    private static <T> T step(List<StepRecord> steps, String name, FlashSession session, Supplier<T> work) {
        long bytes0 = session == null ? 0 : bytes(session.loader().link());
        double wire0 = session == null ? 0 : session.loader().link().wireSeconds();
        long start = System.nanoTime();
        T result = work.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        FlashSession s = session != null ? session : result instanceof FlashSession f ? f : null;
        long bytes = s == null ? 0 : bytes(s.loader().link()) - bytes0;
        double wire = s == null ? 0 : s.loader().link().wireSeconds() - wire0;
        steps.add(new StepRecord(name, true, ms, bytes, wire));
        return result;
    }

    private static long bytes(PacketLink link) {
        return link.bytesSent() + link.bytesReceived();
    }

    ConnectOptions connectOptions(String port, int rate) {
        return ConnectOptions.defaults(port).withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withBaud(rate).withStub(stub, false);
    }

}

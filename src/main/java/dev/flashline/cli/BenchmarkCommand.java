package dev.flashline.cli;

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
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.StubImage;
import dev.flashline.sim.Chip;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Engine benchmark on a virtual device whose line runs at real UART speed (bytes/s = baud/10):
 * a Tasmota-size compressed write at 115200, and a 1 MB read at 460800 after CHANGE_BAUDRATE,
 * each against the physical limit of the line.
 */
@Command(name = "benchmark", description = "Measure write and read speed against a line-rate virtual device.")
final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--stub", description = "Stub JSON to use (default: the bundled stub).")
    Path stub;

    @Option(names = "--read-baud", defaultValue = "460800", description = "Baud for the read test. Default: ${DEFAULT-VALUE}.")
    int readBaud;

    @Mixin
    JsonOption json;

    @Option(names = "--line", paramLabel = "K", description = "Instead: run the provisioning line on 1, then K line-rate virtual devices.")
    Integer lineDevices;

    @Option(names = "--faults", paramLabel = "N", description = "Instead: a campaign of N runs (write, read, verify), each with one injected link fault.")
    Integer faults;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault campaign. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--chip", defaultValue = "esp8266", description = "esp8266 | esp32 | esp32c3: the virtual chip"
            + " measured. Default: ${DEFAULT-VALUE}.")
    String chip;

    @Option(names = "--baud", defaultValue = "460800", description = "ESP32 / ESP32-C3: baud for write and backup."
            + " Default: ${DEFAULT-VALUE}.")
    int esp32Baud;

    @Option(names = "--backup-size", defaultValue = "256KB", description = "ESP32 ROM path: bytes the READ_FLASH_SLOW"
            + " backup is measured on (then extrapolated to the chip). Default: ${DEFAULT-VALUE}.")
    String backupSize;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(FlashlineCli.out(), FlashlineCli.err(), json.json);
        Chip benchChip = parseChip(chip);
        if (benchChip.esp32Family()) {
            return new Esp32Benchmark(output, benchChip, stub, esp32Baud,
                    dev.flashline.units.ByteSize.parse(backupSize, "backup size")).call();
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
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().throttle(true).build());
        byte[] image = DemoFirmwareImage.build();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("write", write(device, image, output));
        figures.put("read", read(device, output));
        output.result(figures);
        return 0;
    }

    private Map<String, Object> write(VirtualDevice device, byte[] image, Output output) {
        output.info("Writing a " + image.length + "-byte Tasmota-size image at 115200 baud (line-rate device)...");
        long start = System.nanoTime();
        try (FlashSession s = FlashSession.open(options(115200), m -> { }, url -> device.connect())) {
            double connect = (System.nanoTime() - start) / 1e9;
            byte[] data = ImagePreparation.prepare(image, "demo", 0, s.chip(), "keep", "keep");
            WriteResult r = new Flasher(s, Progress.NONE).write(data, 0, WriteOptions.DEFAULTS);
            double limit = r.sentBytes() * 10.0 / 115200;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("imageBytes", image.length);
            m.put("compressedBytes", r.sentBytes());
            m.put("wireBytes", r.wireBytes());
            m.put("seconds", Numbers.round3(r.seconds()));
            m.put("physicalLimitSeconds", Numbers.round3(limit));
            m.put("ratio", Numbers.round3(r.seconds() / limit));
            m.put("verified", r.verified());
            m.put("connectAndStubSeconds", Numbers.round3(connect));
            output.info(String.format("write: %.2f s for %d compressed bytes (%d on the wire); limit %.2f s; ratio %.3f (target <= 1.10)",
                    r.seconds(), r.sentBytes(), r.wireBytes(), limit, r.seconds() / limit));
            return m;
        }
    }

    private Map<String, Object> read(VirtualDevice device, Output output) {
        int size = device.flash().size();
        output.info("Reading " + size + " bytes at " + readBaud + " baud after CHANGE_BAUDRATE...");
        try (FlashSession s = FlashSession.open(options(readBaud), m -> { }, url -> device.connect())) {
            ReadResult r = new Flasher(s, Progress.NONE).read(0, size, OutputStream.nullOutputStream());
            double limit = size * 10.0 / readBaud;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bytes", size);
            m.put("baud", readBaud);
            m.put("seconds", Numbers.round3(r.seconds()));
            m.put("physicalLimitSeconds", Numbers.round3(limit));
            m.put("ratio", Numbers.round3(r.seconds() / limit));
            output.info(String.format("read: %.2f s for %d bytes at %d baud; limit %.2f s; ratio %.3f",
                    r.seconds(), size, readBaud, limit, r.seconds() / limit));
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

}

package dev.flashline.cli;

import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.KnownContent;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.ReadResult;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.Chip;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * `benchmark --chip esp32|esp32c3`: on a line-rate virtual device holding a stock-like 4 MB flash,
 * the Tasmota32 factory image written at {@code baud} (compressed: by the ROM on the ESP32, by
 * flashline's stub on the ESP32-C3) and a backup read, each against the line limit. The ESP32's
 * ROM backup (READ_FLASH_SLOW, blank and known 64 KB chunks skipped by the ROM's MD5) covers the
 * first {@code backupBytes} of the chip.
 */
final class Esp32Benchmark {
    private final Output output;
    private final Chip chip;
    private final Path stub;
    private final int baud;
    private final int backupBytes;

    Esp32Benchmark(Output output, Chip chip, Path stub, int baud, int backupBytes) {
        this.output = output;
        this.chip = chip;
        this.stub = stub;
        this.baud = baud;
        this.backupBytes = backupBytes;
    }

    Integer call() {
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).flashSize(4 << 20)
                .throttle(true).build());
        device.flash().load(0, DemoTasmota32Image.factory(chip, "stock-like 1.0", DemoTasmota32Image.DEFAULT_APP_SIZE));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("chip", chip == Chip.ESP32 ? "ESP32" : "ESP32-C3");
        figures.put("write", write(device));
        figures.put("backup", backup());
        output.result(figures);
        return 0;
    }

    private Map<String, Object> write(VirtualDevice device) {
        byte[] image = DemoTasmota32Image.factory(chip);
        output.info("Writing the " + image.length + "-byte Tasmota32 factory image at " + baud + " baud (line-rate device)...");
        try (FlashSession s = FlashSession.open(options(), m -> { }, url -> device.connect())) {
            byte[] data = ImagePreparation.prepare(image, "tasmota32 factory", 0, s.chip(), "keep", "keep");
            WriteResult r = new Flasher(s, Progress.NONE).write(data, 0, WriteOptions.DEFAULTS);
            double limit = r.sentBytes() * 10.0 / baud;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loader", s.loaderDescription());
            m.put("imageBytes", image.length);
            m.put("compressedBytes", r.sentBytes());
            m.put("seconds", Numbers.round3(r.seconds()));
            m.put("lineLimitSeconds", Numbers.round3(limit));
            m.put("ratio", Numbers.round3(r.seconds() / limit));
            m.put("verified", r.verified());
            output.info(String.format("write (%s): %.2f s for %d bytes sent compressed; line limit %.2f s; ratio %.3f; verified %s",
                    s.loaderDescription(), r.seconds(), r.sentBytes(), limit, r.seconds() / limit, r.verified()));
            return m;
        }
    }

    /**
     * Backups of two stock devices of one model (ESP-IDF two-OTA layout, see sim.StockFlash32): the
     * first as a new station does it, the next with the first one's blocks known (what a station
     * holds after one device). The ROM path reads the first {@code backupBytes} only, the stub the
     * whole chip.
     */
    private Map<String, Object> backup() {
        VirtualDevice first = stockDevice("24:0a:c4:00:00:01");
        VirtualDevice next = stockDevice("24:0a:c4:00:00:02");
        Map<String, Object> m = new LinkedHashMap<>();
        byte[] firstFlash = first.flash().snapshot();
        m.put("firstDevice", backup(first, KnownContent.NONE, "first device of a model"));
        m.put("nextDevice", backup(next, KnownContent.blocksOf(firstFlash), "next device, first one's backup known"));
        return m;
    }

    private VirtualDevice stockDevice(String mac) {
        return new VirtualDevice(VirtualDeviceConfig.builder().chip(chip).mac(mac).flashSize(4 << 20).stockFlash(true)
                .throttle(true).flashTiming(true).build());
    }

    private Map<String, Object> backup(VirtualDevice device, KnownContent known, String what) {
        int chipSize = device.flash().size();
        try (FlashSession s = FlashSession.open(options(), output::info, url -> device.connect())) {
            boolean rom = s.esp32Rom() != null;
            int size = rom ? Math.min(backupBytes, chipSize) : chipSize;
            output.info("Backing up " + size + " bytes at " + baud + " baud (" + what + ")...");
            ReadResult r = new Flasher(s, Progress.NONE).read(0, size, OutputStream.nullOutputStream(), known);
            double limit = size * 10.0 / baud;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loader", s.loaderDescription());
            m.put("bytes", size);
            m.put("transferredBytes", r.transferredBytes());
            m.put("seconds", Numbers.round3(r.seconds()));
            m.put("lineLimitSeconds", Numbers.round3(limit));
            m.put("ratio", Numbers.round3(r.seconds() / limit));
            output.info(String.format("backup, %s (%s): %.2f s for %d bytes (%d read over the line); uncompressed line limit"
                    + " %.2f s; ratio %.3f", what, s.loaderDescription(), r.seconds(), size, r.transferredBytes(), limit,
                    r.seconds() / limit));
            return m;
        }
    }

    private ConnectOptions options() {
        return ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET).withAfter(AfterAction.NO_RESET)
                .withBaud(baud).withStub(stub, false);
    }
}

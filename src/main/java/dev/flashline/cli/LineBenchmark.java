package dev.flashline.cli;

import dev.flashline.camel.StepRecord;
import dev.flashline.errors.FlashlineException;
import dev.flashline.pipeline.BatchTracker;
import dev.flashline.pipeline.ProvisioningLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `benchmark --line K`: the whole provisioning line on line-rate virtual Sonoffs (UART speed,
 * datasheet flash timing, stock factory flash), before and after issue 12's changes, on 1 device
 * and then on K at once. Before: plain READ_FLASH backups (the devices' stub answers
 * READ_FLASH_DEFL as esptool's does) and a chip erase ahead of the write. After: the route as
 * shipped in routes/, with compressed backups and, where it pays, the firmware written behind the
 * backup (both directions of the UART at once). Per step: time, bootloader bytes on the wire, the
 * line limit for those bytes (both directions added up) and the ratio.
 */
final class LineBenchmark {
    private static final String ROUTE = "provision.camel.yaml";

    private final Output output;
    private final int devices;

    LineBenchmark(Output output, int devices) {
        this.output = output;
        this.devices = devices;
    }

    int call() throws Exception {
        Path shipped = Path.of("routes");
        String route = Files.readString(shipped.resolve(ROUTE));
        String afterErase = route.contains("esp:erase?mode=needed") ? "erase-once (esp:erase?mode=needed)" : "chip erase (esp:erase)";
        boolean behind = route.contains("writeBehind=");
        Path beforeRoutes = beforeRoutes(route);
        try {
            return call(afterErase, behind, beforeRoutes, shipped);
        } finally {
            TempFolders.delete(beforeRoutes);
        }
    }

    private int call(String afterErase, boolean behind, Path beforeRoutes, Path shipped) throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        before.put("backup", "READ_FLASH");
        before.put("erase", "chip erase (esp:erase)");
        after.put("backup", behind ? "READ_WRITE_DEFL (the firmware behind the backup) where the station holds little of the"
                + " flash, else READ_FLASH_DEFL of the blocks it does not hold" : "READ_FLASH_DEFL");
        after.put("erase", afterErase);
        figures.put("before", before);
        figures.put("after", after);
        String beforeName = "before (plain READ_FLASH backup, chip erase, write)";
        String afterName = behind ? "after (compressed backup with the firmware written behind it, " + afterErase + ")"
                : "after (compressed backup, " + afterErase + ", write)";
        Path data = Files.createTempDirectory("flashline-bench");
        try {
            before.put("oneDevice", run(beforeName, 1, beforeRoutes, false, data.resolve("before"), 0));
            Path station = data.resolve("after");
            after.put("oneDevice", run(afterName, 1, shipped, true, station, 0));
            // The same station, the next device of the model: its stock firmware is in the first one's backup.
            after.put("nextDevice", run(afterName + ", next device of the same model", 1, shipped, true, station, 1));
            if (devices > 1) {
                before.put("batch", run(beforeName, devices, beforeRoutes, false, data.resolve("before-batch"), 0));
                after.put("batch", run(afterName, devices, shipped, true, data.resolve("after-batch"), 0));
            }
        } finally {
            TempFolders.delete(data);
        }
        double b = number(before, "oneDevice", "deviceSeconds");
        double a = number(after, "oneDevice", "deviceSeconds");
        double next = number(after, "nextDevice", "deviceSeconds");
        figures.put("afterOverBefore", Numbers.round3(a / b));
        figures.put("nextDeviceOverBefore", Numbers.round3(next / b));
        output.info(String.format("one device through the line: before %.2f s, after %.2f s: after = %.3f x before (target <= 0.5)", b, a, a / b));
        output.info(String.format("the next device of the same model at that station: %.2f s = %.3f x before", next, next / b));
        if (devices > 1) {
            double batchOverOne = number(after, "batch", "totalSeconds") / number(after, "oneDevice", "totalSeconds");
            figures.put("batchOverOne", Numbers.round3(batchOverOne));
            output.info(String.format("after: %d devices took %.2f x one device alone (target <= 1.2)", devices, batchOverOne));
        }
        output.result(figures);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static double number(Map<String, Object> variant, String run, String key) {
        return (double) ((Map<String, Object>) variant.get(run)).get(key);
    }

    /** The shipped route with its erase step turned back into a whole-chip erase, and nothing written behind the backup. */
    private static Path beforeRoutes(String route) throws IOException {
        Path dir = Files.createTempDirectory("flashline-bench-routes");
        Files.writeString(dir.resolve(ROUTE), route.replaceAll("esp:erase\\?mode=[A-Za-z]+", "esp:erase")
                .replaceAll("&writeBehind=#[A-Za-z]+", ""));
        return dir;
    }

    private Map<String, Object> run(String name, int count, Path routes, boolean compressedReads, Path data, int firstDevice)
            throws Exception {
        output.info("Provisioning " + count + " line-rate virtual device(s), " + name + "...");
        long start = System.nanoTime();
        try (ProvisioningLine.Outcome outcome = ProvisioningLine.run(new ProvisioningLine.Options(Path.of("config"),
                routes, data, 0, count, new VirtualStation(true, null, compressedReads).firstDeviceIndex(firstDevice), 1800, System.getenv(),
                new PrintStream(PrintStream.nullOutputStream())))) {
            double total = (System.nanoTime() - start) / 1e9;
            if (!outcome.allProvisioned()) {
                String causes = outcome.rows().stream().filter(r -> !r.status().equals("provisioned"))
                        .map(r -> r.mac() + " " + r.status() + ": " + r.cause()).reduce((x, y) -> x + "; " + y).orElse("timed out");
                throw FlashlineException.deviceFailed("Not every device was provisioned in the benchmark (" + causes + ")",
                        "Run `run --simulate " + count + " --line-rate` to see the line's console.");
            }
            List<Map<String, Object>> perDevice = new ArrayList<>();
            List<List<StepRecord>> steps = new ArrayList<>();
            double worstOverhead = 0;
            double deviceSeconds = 0;
            for (BatchTracker.Row row : outcome.rows()) {
                double overhead = row.seconds() - row.wireSeconds();
                worstOverhead = Math.max(worstOverhead, overhead);
                deviceSeconds += row.seconds() / outcome.rows().size();
                steps.add(row.steps());
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("mac", row.mac());
                d.put("seconds", Numbers.round3(row.seconds()));
                d.put("wireSeconds", Numbers.round3(row.wireSeconds()));
                d.put("overheadSeconds", Numbers.round3(overhead));
                d.put("steps", StepTable.json(row.steps()));
                perDevice.add(d);
                output.info(String.format("  %s: %.2f s, of which %.2f s bootloader bytes on the wire; the rest %.2f s",
                        row.mac(), row.seconds(), row.wireSeconds(), overhead));
            }
            output.info(count == 1 ? "  steps:" : "  steps, mean of " + count + " devices:");
            StepTable.lines(StepTable.mean(steps)).forEach(output::info);
            output.info(String.format("  total %.2f s for %d device(s) (line start included); %.2f s a device", total, count, deviceSeconds));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("devices", count);
            m.put("totalSeconds", Numbers.round3(total));
            m.put("deviceSeconds", Numbers.round3(deviceSeconds));
            m.put("worstOverheadSeconds", Numbers.round3(worstOverhead));
            m.put("perDevice", perDevice);
            return m;
        }
    }

}

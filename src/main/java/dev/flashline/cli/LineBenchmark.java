package dev.flashline.cli;

import dev.flashline.errors.FlashlineException;
import dev.flashline.pipeline.BatchTracker;
import dev.flashline.pipeline.ProvisioningLine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `benchmark --line K`: the whole provisioning line on one line-rate virtual device, then on K at
 * once; per-device seconds against the time its bytes need on the wire, and the batch's total
 * against one device alone.
 */
final class LineBenchmark {
    private final Output output;
    private final int devices;

    LineBenchmark(Output output, int devices) {
        this.output = output;
        this.devices = devices;
    }

    int call() {
        try {
            Map<String, Object> one = run(1);
            Map<String, Object> many = run(devices);
            double ratio = (double) many.get("totalSeconds") / (double) one.get("totalSeconds");
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("oneDevice", one);
            figures.put("batch", many);
            figures.put("batchOverOne", Numbers.round3(ratio));
            output.info(String.format("%d devices took %.2f x one device alone (target <= 1.2)", devices, ratio));
            output.result(figures);
            return 0;
        } catch (FlashlineException e) {
            output.error(e.getMessage(), e.hint());
            return e.kind().exitCode();
        } catch (Exception e) {
            output.error("Benchmark failed: " + e, "");
            return 1;
        }
    }

    private Map<String, Object> run(int count) throws Exception {
        Path data = Files.createTempDirectory("flashline-bench");
        output.info("Provisioning " + count + " line-rate virtual device(s)...");
        long start = System.nanoTime();
        try (ProvisioningLine.Outcome outcome = ProvisioningLine.run(new ProvisioningLine.Options(Path.of("config"),
                Path.of("routes"), data, 0, count, new VirtualStation(true, null), 1800, System.getenv(), new PrintStream(PrintStream.nullOutputStream())))) {
            double total = (System.nanoTime() - start) / 1e9;
            if (!outcome.allProvisioned()) {
                throw FlashlineException.deviceFailed("Not every device was provisioned in the benchmark", "Run `run --simulate` to see why.");
            }
            List<Map<String, Object>> perDevice = new ArrayList<>();
            double worstOverhead = 0;
            for (BatchTracker.Row row : outcome.rows()) {
                double overhead = row.seconds() - row.wireSeconds();
                worstOverhead = Math.max(worstOverhead, overhead);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("mac", row.mac());
                d.put("seconds", Numbers.round3(row.seconds()));
                d.put("wireSeconds", Numbers.round3(row.wireSeconds()));
                d.put("overheadSeconds", Numbers.round3(overhead));
                perDevice.add(d);
                output.info(String.format("  %s: %.2f s, of which %.2f s bytes on the wire; overhead %.2f s (target <= 2)",
                        row.mac(), row.seconds(), row.wireSeconds(), overhead));
            }
            output.info(String.format("  total %.2f s for %d device(s)", total, count));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("devices", count);
            m.put("totalSeconds", Numbers.round3(total));
            m.put("worstOverheadSeconds", Numbers.round3(worstOverhead));
            m.put("perDevice", perDevice);
            return m;
        }
    }

}

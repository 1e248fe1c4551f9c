package dev.flashline.cli;

import dev.flashline.camel.StepRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks' per-step figures: time, bootloader bytes on the wire, the time those bytes need
 * at the rates they travelled at (the line limit) and time over limit. Steps without serial
 * bootloader traffic (host work, console, MQTT) show no limit, a connect made before the run's clock
 * started (the line's port watcher) no time; steps whose few bytes need under
 * 50 ms show "chip" instead of a ratio (their time is the flash chip's erase or MD5).
 */
final class StepTable {
    private static final double MEANINGFUL_LIMIT = 0.05;

    private StepTable() {
    }

    static List<String> lines(List<StepRecord> steps) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("    %-16s %9s %11s %9s %7s", "step", "seconds", "wire bytes", "limit s", "ratio"));
        long ms = 0;
        long bytes = 0;
        double limit = 0;
        for (StepRecord s : steps) {
            lines.add(line(s.name() + (s.ok() ? "" : " (FAILED)"), s.ms(), s.wireBytes(), s.wireSeconds()));
            ms += Math.max(0, s.ms());
            bytes += s.wireBytes();
            limit += s.wireSeconds();
        }
        lines.add(line("sum of steps", ms, bytes, limit));
        return lines;
    }

    private static String line(String name, long ms, long bytes, double limit) {
        if (ms < 0) { // connected before the step clock ran
            return String.format("    %-16s %9s %,11d %9.2f %7s", name, "-", bytes, limit, "-");
        }
        if (bytes == 0) {
            return String.format("    %-16s %9.2f %11s %9s %7s", name, ms / 1000.0, "-", "-", "-");
        }
        if (limit < MEANINGFUL_LIMIT) { // a command and its answer: the time is the chip's (erase, MD5), not the line's
            return String.format("    %-16s %9.2f %,11d %9.2f %7s", name, ms / 1000.0, bytes, limit, "chip");
        }
        return String.format("    %-16s %9.2f %,11d %9.2f %7.2f", name, ms / 1000.0, bytes, limit, ms / 1000.0 / limit);
    }

    static List<Map<String, Object>> json(List<StepRecord> steps) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StepRecord s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", s.name());
            m.put("ok", s.ok());
            m.put("seconds", s.ms() < 0 ? null : s.ms() / 1000.0);
            m.put("wireBytes", s.wireBytes());
            m.put("limitSeconds", Numbers.round3(s.wireSeconds()));
            m.put("ratio", s.wireSeconds() > 0 && s.ms() >= 0 ? Numbers.round3(s.ms() / 1000.0 / s.wireSeconds()) : null);
            list.add(m);
        }
        return list;
    }

    /** Step-by-step mean over devices (same step names in the same order; a device missing one counts as 0). */
    static List<StepRecord> mean(List<List<StepRecord>> devices) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, Double> wire = new LinkedHashMap<>();
        for (List<StepRecord> steps : devices) {
            for (StepRecord s : steps) {
                long[] sum = sums.computeIfAbsent(s.name(), k -> new long[2]);
                sum[0] += s.ms();
                sum[1] += s.wireBytes();
                wire.merge(s.name(), s.wireSeconds(), Double::sum);
            }
        }
        int n = Math.max(1, devices.size());
        List<StepRecord> mean = new ArrayList<>();
        sums.forEach((name, sum) -> mean.add(new StepRecord(name, true, sum[0] < 0 ? -1 : sum[0] / n, sum[1] / n, wire.get(name) / n)));
        return mean;
    }
}

package dev.flashline.cli;

import dev.flashline.cli.FaultCampaign.Outcome;
import dev.flashline.cli.FaultCampaign.Run;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `benchmark --faults N`: runs the fault campaign and prints what survived, per fault kind and operation. */
final class FaultBenchmark {
    private final Output output;
    private final Path stub;

    FaultBenchmark(Output output, Path stub) {
        this.output = output;
        this.stub = stub;
    }

    int call(int count, long seed) {
        output.info("Fault campaign: " + count + " runs, seed " + seed + " (one injected link fault per run)");
        List<Run> runs = new FaultCampaign(stub).run(count, seed, run -> output.info(String.format(
                "#%-3d %-6s %-44s %-13s %5.1f s%s", run.index(), run.operation().name().toLowerCase(), run.fault(),
                run.outcome().name().toLowerCase().replace('_', '-'), run.seconds(),
                run.message().isEmpty() ? "" : "  " + run.message())));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("runs", runs.size());
        figures.put("seed", seed);
        for (Outcome o : Outcome.values()) {
            figures.put(camel(o), runs.stream().filter(r -> r.outcome() == o).count());
        }
        long fired = runs.stream().filter(Run::faultFired).count();
        figures.put("faultsFired", fired);
        long survived = runs.stream().filter(r -> r.outcome() == Outcome.SURVIVED).count();
        figures.put("survivalPercent", Numbers.round3(100.0 * survived / Math.max(1, runs.size())));
        figures.put("byKindAndOperation", FaultCampaign.tally(runs));
        output.result(figures);
        boolean unsafe = runs.stream().anyMatch(r -> r.outcome() == Outcome.WRONG_DATA || r.outcome() == Outcome.HUNG);
        return unsafe ? 1 : 0;
    }

    private static String camel(Outcome o) {
        String[] parts = o.name().toLowerCase().split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return b.toString();
    }
}

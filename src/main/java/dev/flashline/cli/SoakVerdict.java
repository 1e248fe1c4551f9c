package dev.flashline.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak's judgement of one figure sampled at start, middle and end of the run (each the floor of
 * its third of the run: what a leak raises, whatever happens to be in flight at a sample).
 *
 * @param leak a leak is evident (the benchmark then exits 1)
 */
record SoakVerdict(String figure, String text, boolean leak) {

    /**
     * A count (threads, file descriptors): flat within {@code margin}; a leak when it grew past the
     * margin and kept growing from middle to end.
     */
    static SoakVerdict count(String figure, long start, long middle, long end, long margin) {
        long grew = end - start;
        if (grew <= margin) {
            return new SoakVerdict(figure, String.format("flat (%d → %d → %d, margin %d)", start, middle, end, margin), false);
        }
        boolean steadily = middle > start && end > middle;
        return new SoakVerdict(figure, String.format("grew by %d (%d → %d → %d)%s", grew, start, middle, end,
                steadily ? ", steadily: LEAK" : ", not steadily"), steadily);
    }

    /** Heap after GC: flat within 25 % of the start; a leak when the end is above 2× the middle or 2× the start. */
    static SoakVerdict heap(double startMb, double middleMb, double endMb) {
        String figures = String.format(Locale.ROOT, "%.1f → %.1f → %.1f MB", startMb, middleMb, endMb);
        if (endMb <= startMb * 1.25) {
            return new SoakVerdict("heap", "flat (" + figures + ")", false);
        }
        boolean leak = endMb > 2 * middleMb || endMb > 2 * startMb;
        return new SoakVerdict("heap", String.format(Locale.ROOT, "grew by %.1f MB (%s)%s", endMb - startMb, figures,
                leak ? ": LEAK" : ""), leak);
    }

    /** Per-device time: steady when the last tenth's median is within 1.5× (+0.25 s) of the first tenth's. */
    static SoakVerdict deviceTime(double firstP50, double lastP50) {
        boolean steady = lastP50 <= firstP50 * 1.5 + 0.25;
        return new SoakVerdict("per-device time", String.format(Locale.ROOT, "%s (p50 %.2f s → %.2f s)",
                steady ? "steady" : "slower by " + String.format(Locale.ROOT, "%.0f %%", (lastP50 / firstP50 - 1) * 100),
                firstP50, lastP50), false);
    }

    /** The {@code p}-th percentile (0–100, nearest rank) of {@code values}; 0 for none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}

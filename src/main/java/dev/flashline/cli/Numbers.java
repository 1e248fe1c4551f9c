package dev.flashline.cli;

/** Figures as the JSON results show them. Sizes and offsets are parsed by {@link dev.flashline.units.ByteSize}. */
final class Numbers {
    private Numbers() {
    }

    /** Seconds and ratios: three decimals. */
    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

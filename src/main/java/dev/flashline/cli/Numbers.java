package dev.flashline.cli;

import dev.flashline.errors.FlashlineException;

/** Offsets and sizes as users type them: 4096, 0x1000, 4K, 1M. */
final class Numbers {
    private Numbers() {
    }

    /** Seconds and ratios as the JSON results show them: three decimals. */
    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static int parse(String text, String what) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            long value;
            if (t.startsWith("0x")) {
                value = Long.parseLong(t.substring(2), 16);
            } else if (t.endsWith("k") || t.endsWith("kb")) {
                value = Long.parseLong(t.replaceAll("k[b]?$", "")) << 10;
            } else if (t.endsWith("m") || t.endsWith("mb")) {
                value = Long.parseLong(t.replaceAll("m[b]?$", "")) << 20;
            } else {
                value = Long.parseLong(t);
            }
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw FlashlineException.badInput("Bad " + what + " '" + text + "'", "Write it as 4096, 0x1000, 4K or 1M.");
        }
    }
}

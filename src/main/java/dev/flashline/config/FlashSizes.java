package dev.flashline.config;

import java.util.Locale;
import java.util.OptionalInt;

/** Flash sizes as config files write them: 512KB, 1MB, 4M… */
final class FlashSizes {
    private FlashSizes() {
    }

    static OptionalInt parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        try {
            long value;
            if (t.matches("\\d+\\s*MB?")) {
                value = Long.parseLong(t.replaceAll("\\s*MB?$", "")) << 20;
            } else if (t.matches("\\d+\\s*KB?")) {
                value = Long.parseLong(t.replaceAll("\\s*KB?$", "")) << 10;
            } else {
                return OptionalInt.empty();
            }
            return value > 0 && value <= (64L << 20) ? OptionalInt.of((int) value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static String format(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + "KB" : bytes + " bytes";
    }
}

package dev.flashline.catalog;

import java.util.Locale;
import java.util.OptionalInt;

/** Flash sizes as catalogs write them: 512KB, 1MB, 2M, 4MB, or plain bytes. */
final class FlashSize {
    private FlashSize() {
    }

    static OptionalInt parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            long value;
            if (t.endsWith("MB") || t.endsWith("M")) {
                value = Long.parseLong(t.replaceAll("MB?$", "").trim()) << 20;
            } else if (t.endsWith("KB") || t.endsWith("K")) {
                value = Long.parseLong(t.replaceAll("KB?$", "").trim()) << 10;
            } else {
                value = Long.parseLong(t);
            }
            return value > 0 && value <= Integer.MAX_VALUE ? OptionalInt.of((int) value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static String format(int bytes) {
        if (bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + " bytes";
    }
}

package dev.flashline.target;

import dev.flashline.errors.FlashlineException;
import java.util.Locale;

/** Flash sizes as users write them ("1MB", "512KB") and as the RDID capacity byte encodes them (2^n). */
public final class FlashSize {
    private FlashSize() {
    }

    public static String label(int bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        return (bytes >> 10) + "KB";
    }

    public static int parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("MB")) {
                return Integer.parseInt(t.substring(0, t.length() - 2)) << 20;
            }
            if (t.endsWith("KB")) {
                return Integer.parseInt(t.substring(0, t.length() - 2)) << 10;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw FlashlineException.badInput("Unknown flash size '" + text + "'", "Write it like 512KB, 1MB, 2MB, 4MB, 8MB or 16MB.");
    }

    /** Size from the JEDEC capacity byte; 0 when the byte is not a plausible capacity. */
    public static int fromCapacityByte(int capacity) {
        return capacity >= 0x10 && capacity <= 0x1A ? 1 << capacity : 0;
    }
}

package dev.flashline.units;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes and addresses as users write them, one grammar everywhere (command-line options, the
 * firmware catalog, configuration): plain bytes ({@code 4096}), hex ({@code 0x1000}), or a number
 * with a binary unit, K/KB = 1024 and M/MB = 1024², case-insensitive, a space allowed before the
 * unit ({@code 4K}, {@code 512KB}, {@code 1M}, {@code 1 MB}). Sizes are shown as "1MB", "512KB".
 */
public final class ByteSize {
    public static final String GRAMMAR = "4096, 0x1000, 4K, 512KB, 1M or 1MB";
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(K|KB|M|MB)?");
    private static final Pattern HEX = Pattern.compile("0X([0-9A-F]+)");

    private ByteSize() {
    }

    /** The value, or empty when the text is not in the grammar or does not fit an int. */
    public static OptionalLong tryParse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            long value;
            Matcher hex = HEX.matcher(t);
            Matcher unit = WITH_UNIT.matcher(t);
            if (hex.matches()) {
                value = Long.parseLong(hex.group(1), 16);
            } else if (unit.matches()) {
                int shift = unit.group(2) == null ? 0 : unit.group(2).startsWith("K") ? 10 : 20;
                value = Long.parseLong(unit.group(1)) << shift;
            } else {
                return OptionalLong.empty();
            }
            return value <= Integer.MAX_VALUE ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException e) { // more digits than a long holds
            return OptionalLong.empty();
        }
    }

    /**
     * Parses {@code text}; {@code what} names the value in the error ("offset", "flash size").
     *
     * @throws FlashlineException ({@link ErrorCode#BAD_SIZE}) saying how to write it
     */
    public static int parse(String text, String what) {
        OptionalLong value = tryParse(text);
        if (value.isEmpty()) {
            throw new FlashlineException(ErrorCode.BAD_SIZE, "Bad " + what + " '" + text + "'",
                    Hint.text("Write it as " + GRAMMAR + "."));
        }
        return (int) value.getAsLong();
    }

    /** "1MB", "512KB", or "N bytes" for sizes that are not whole kilobytes. */
    public static String format(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + " bytes";
    }
}

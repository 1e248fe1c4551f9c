package dev.flashline.tasmota;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of Tasmota's serial log split into its parts: the uptime or clock stamp ("12:34:56"
 * up to 9.1, "12:34:56.789" from 9.2 on, absent when a line arrives without one), the
 * three-letter source tag ("WIF", "MQT", "RSL", "CMD"...) and the message. Bytes before the
 * stamp (the ROM's 74880-baud boot text read at 115200, or a half line) are dropped, so the first
 * real line is recognised even when garbage precedes it without a line break.
 *
 * @param stamp   the time stamp as printed, or null
 * @param tag     the source tag without its colon, or null when the line has none
 * @param message what follows the tag (or the whole text after the stamp when there is no tag)
 * @param text    the line as it will be shown: garbage dropped, stamp kept
 */
public record ConsoleLine(String stamp, String tag, String message, String text) {
    private static final Pattern STAMPED = Pattern.compile("(\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?) (.*)$");
    private static final Pattern TAGGED = Pattern.compile("^([A-Z][A-Z0-9]{2}): ?(.*)$");
    private static final Pattern BARE_TAG = Pattern.compile("(?:^|[^A-Za-z0-9])([A-Z][A-Z0-9]{2}): (.*)$");

    public static ConsoleLine parse(String raw) {
        String clean = raw.replace("\r", "");
        Matcher stamped = firstStamp(clean);
        if (stamped != null) {
            String stamp = stamped.group(1);
            String rest = stamped.group(2);
            Matcher tagged = TAGGED.matcher(rest);
            String shown = stamp + " " + rest;
            if (tagged.matches()) {
                return new ConsoleLine(stamp, tagged.group(1), tagged.group(2), shown);
            }
            return new ConsoleLine(stamp, null, rest, shown);
        }
        Matcher bare = BARE_TAG.matcher(clean);
        if (bare.find()) {
            return new ConsoleLine(null, bare.group(1), bare.group(2), bare.group(1) + ": " + bare.group(2));
        }
        return new ConsoleLine(null, null, clean, clean);
    }

    /**
     * The stamp that starts the log line proper: the first one followed by a source tag or the
     * boot line (garbage may run straight into it, digits included); else the first stamp at the
     * start or after a non-digit. A time inside a message (a JSON "Time") comes after the real
     * stamp, so it is never chosen over it.
     */
    private static Matcher firstStamp(String line) {
        Matcher m = STAMPED.matcher(line);
        Matcher fallback = null;
        int from = 0;
        while (from < line.length() && m.find(from)) {
            int at = m.start();
            Matcher candidate = STAMPED.matcher(line);
            candidate.find(at);
            String rest = candidate.group(2);
            if (TAGGED.matcher(rest).matches() || rest.startsWith("Project ")) {
                return candidate;
            }
            if (fallback == null && (at == 0 || !Character.isDigit(line.charAt(at - 1)))) {
                fallback = candidate;
            }
            from = at + 1;
        }
        return fallback;
    }

    /** True when this line came from the given source tag ("WIF", "MQT"...). */
    public boolean is(String sourceTag) {
        return sourceTag.equals(tag);
    }

    @Override
    public String toString() {
        return text;
    }
}

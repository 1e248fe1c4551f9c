package dev.flashline.tasmota;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in console lines by where they stand, never by searching for a known secret:
 * the argument of a secret command in the {@code CMD:} echo (Tasmota echoes the typed line as
 * is, Backlog included), and the value of a secret key in an answer ({@code Password1} and
 * {@code MqttPassword} answer with the secret in clear in every release). Everything else in
 * the line is left exactly as it was.
 */
public final class ConsoleMasking {
    /** What a hidden secret reads as; Tasmota's own "****" (nothing in clear) is left alone. */
    public static final String MASK = "***";
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)(?:Password|MqttPassword|WebPassword)\\d*");
    private static final Pattern SECRET_JSON_VALUE = Pattern.compile(
            "(\"(?i:Password\\d*|MqttPassword\\d*|WebPassword)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\"?)");
    // Debug form of the command log: CMD: Grp 0, Cmnd 'PASSWORD', Idx 1, Len 8, Data 'secret'
    private static final Pattern DEBUG_CMND = Pattern.compile("(Cmnd '([A-Za-z]+)'.*Data ')(.*)('\\s*)$");
    // A published answer or message: "<topic or last level> = <payload>"
    private static final Pattern PUBLISHED = Pattern.compile("^(\\S+) = (.*)$", Pattern.DOTALL);

    private ConsoleMasking() {
    }

    /** The line with its secrets hidden. */
    public static ConsoleLine mask(ConsoleLine line) {
        String message = line.message();
        String masked = message;
        if (line.is("CMD")) {
            masked = maskCommandEcho(message);
        } else if (line.is("RSL") || line.is("MQT")) {
            masked = maskPublished(message);
        } else if (line.tag() == null) {
            masked = maskJsonValues(message);
        }
        if (masked.equals(message)) {
            return line;
        }
        String prefix = line.text().substring(0, line.text().length() - message.length());
        return new ConsoleLine(line.stamp(), line.tag(), masked, prefix + masked);
    }

    /** A raw console line, parsed and masked: the text that may be logged. */
    public static String maskLine(String raw) {
        return mask(ConsoleLine.parse(raw)).text();
    }

    /** A command line as typed (Backlog included) with secret arguments hidden. */
    public static String maskCommandEcho(String typed) {
        Matcher debug = DEBUG_CMND.matcher(typed);
        if (debug.find()) {
            return SECRET_NAME.matcher(debug.group(2)).matches()
                    ? typed.substring(0, debug.start(3)) + MASK + debug.group(4) : typed;
        }
        String trimmed = typed.stripLeading();
        String lead = typed.substring(0, typed.length() - trimmed.length());
        int cut = firstSeparator(trimmed);
        String name = cut < 0 ? trimmed : trimmed.substring(0, cut);
        if (name.toLowerCase(Locale.ROOT).matches("backlog\\d?") && cut >= 0) {
            List<String> parts = new ArrayList<>();
            for (String part : trimmed.substring(cut + 1).split(";", -1)) {
                parts.add(maskOneCommand(part));
            }
            return lead + name + trimmed.charAt(cut) + String.join(";", parts);
        }
        return lead + maskOneCommand(trimmed);
    }

    private static String maskOneCommand(String part) {
        String trimmed = part.stripLeading();
        int cut = firstSeparator(trimmed);
        if (cut < 0) {
            return part;
        }
        String name = trimmed.substring(0, cut);
        String argument = trimmed.substring(cut + 1);
        if (!SECRET_NAME.matcher(name).matches() || argument.isBlank()) {
            return part;
        }
        String trailing = argument.substring(argument.stripTrailing().length());
        String lead = part.substring(0, part.length() - trimmed.length());
        return lead + name + trimmed.charAt(cut) + MASK + trailing;
    }

    private static int firstSeparator(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '=' || c == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static String maskPublished(String message) {
        Matcher m = PUBLISHED.matcher(message);
        if (!m.matches()) {
            return maskJsonValues(message);
        }
        String topic = m.group(1);
        String payload = m.group(2);
        String last = topic.substring(topic.lastIndexOf('/') + 1);
        // SetOption4 publishes on stat/<topic>/<COMMAND>; a non-JSON payload there is the bare value.
        if (SECRET_NAME.matcher(last).matches() && !payload.startsWith("{") && !isAsterisks(payload)) {
            return topic + " = " + MASK;
        }
        return topic + " = " + maskJsonValues(payload);
    }

    /** Values of secret keys in JSON text (complete or cut short by Tasmota's " ..."). */
    static String maskJsonValues(String json) {
        Matcher m = SECRET_JSON_VALUE.matcher(json);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(2);
            String replacement = isAsterisks(value) || value.isEmpty() ? m.group() : m.group(1) + MASK + m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isAsterisks(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c == '*');
    }
}

package dev.flashline.sim.tasmota;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Tasmota command as typed: a name with an optional trailing index ("SSID1", "FriendlyName1"),
 * then, after the first space, its argument. Names are case-insensitive.
 */
record CommandLine(String name, int index, boolean indexGiven, String argument) {
    private static final Pattern NAME = Pattern.compile("([A-Za-z_]+?)(\\d*)");
    /** Commands whose argument is a secret: masked wherever the line is echoed. */
    private static final Set<String> SECRET = Set.of("PASSWORD", "MQTTPASSWORD", "WEBPASSWORD");
    static final String ASTERISKS = "****";

    static CommandLine parse(String text) {
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        String token = space < 0 ? trimmed : trimmed.substring(0, space);
        String argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        Matcher m = NAME.matcher(token);
        if (!m.matches()) {
            return new CommandLine(token.toUpperCase(Locale.ROOT), 1, false, argument);
        }
        String digits = m.group(2);
        int index = digits.isEmpty() ? 1 : Integer.parseInt(digits.length() > 3 ? "999" : digits);
        return new CommandLine(m.group(1).toUpperCase(Locale.ROOT), index, !digits.isEmpty(), argument);
    }

    /** A command arriving over MQTT: the name is the topic's last level, the payload its argument. */
    static CommandLine fromTopic(String lastLevel, String payload) {
        CommandLine name = parse(lastLevel);
        return new CommandLine(name.name(), name.index(), name.indexGiven(), payload.strip());
    }

    boolean isBacklog() {
        return name.equals("BACKLOG");
    }

    /** The commands of a Backlog argument, in order, blanks dropped. */
    List<CommandLine> backlogItems() {
        List<CommandLine> items = new ArrayList<>();
        for (String part : argument.split(";")) {
            if (!part.isBlank()) {
                items.add(parse(part));
            }
        }
        return items;
    }

    /**
     * The line as Tasmota's "CMD:" echo shows it, except that secret arguments read "****":
     * the console is captured by the flasher and secrets must not reach its logs.
     */
    static String maskedEcho(String text) {
        CommandLine line = parse(text);
        if (line.isBacklog()) {
            String head = text.strip().split(" ", 2)[0];
            List<String> parts = new ArrayList<>();
            for (String part : line.argument().split(";")) {
                parts.add(maskOne(part.strip()));
            }
            return line.argument().isEmpty() ? head : head + " " + String.join("; ", parts);
        }
        return maskOne(text.strip());
    }

    /** The command as run, for {@link ReceivedCommands}: NAME[index] [argument], a secret argument as "****". */
    String masked() {
        String head = name + (indexGiven ? Integer.toString(index) : "");
        if (argument.isEmpty()) {
            return head;
        }
        return head + " " + (SECRET.contains(name) ? ASTERISKS : argument);
    }

    private static String maskOne(String part) {
        CommandLine c = parse(part);
        if (SECRET.contains(c.name()) && !c.argument().isEmpty()) {
            return part.split(" ", 2)[0] + " " + ASTERISKS;
        }
        return part;
    }
}

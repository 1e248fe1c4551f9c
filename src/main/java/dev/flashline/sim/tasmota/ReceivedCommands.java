package dev.flashline.sim.tasmota;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command one simulated device ran, in the order it ran them, with where each came from
 * (the serial console or MQTT); a Backlog counts as its commands. Secret arguments read "****".
 * Outlives restarts and re-flashes, so a test can check what reached the device and in which order.
 */
public final class ReceivedCommands {
    public enum Source { CONSOLE, MQTT }

    /** One command as run: upper-case name, the index when one was typed, then the argument. */
    public record Command(Source source, String text) {
        /** The command's name without its index, upper case ("MODULE", "SSID"). */
        public String name() {
            return CommandLine.parse(text).name();
        }
    }

    private final List<Command> commands = new ArrayList<>();

    synchronized void add(Source source, CommandLine line) {
        commands.add(new Command(source, line.masked()));
    }

    public synchronized List<Command> all() {
        return List.copyOf(commands);
    }
}

package dev.flashline.tasmota;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one console line means, as {@link ConsoleClassifier} reads it. Every event keeps the
 * line it came from, already masked ({@link ConsoleMasking}), so it may be logged or shown.
 */
public sealed interface ConsoleEvent {
    /** The (masked) console line this event was read from. */
    ConsoleLine line();

    /** The boot line: Tasmota is running. */
    record Booted(TasmotaBuild build, ConsoleLine line) implements ConsoleEvent {
        public String deviceName() {
            return build.deviceName();
        }

        public String version() {
            return build.fullVersion();
        }
    }

    /** "WIF: Connecting to AP1 ssid ... as hostname...". */
    record WifiConnecting(String ssid, String hostname, ConsoleLine line) implements ConsoleEvent {
    }

    /** A failed join, with the reason the device printed. */
    record WifiFailed(WifiFailure reason, String text, ConsoleLine line) implements ConsoleEvent {
    }

    /** No Wi-Fi configured (or it gave up): the device opened its own access point / Wi-Fi manager. */
    record WifiManager(String text, ConsoleLine line) implements ConsoleEvent {
    }

    record WifiConnected(ConsoleLine line) implements ConsoleEvent {
    }

    /** Address, host name or signal learnt from a line (web server line, Status 5/11 answer, STATE). */
    record NetworkSeen(NetworkInfo info, ConsoleLine line) implements ConsoleEvent {
    }

    /** "MQT: Attempting connection...". */
    record MqttConnecting(ConsoleLine line) implements ConsoleEvent {
    }

    record MqttConnected(ConsoleLine line) implements ConsoleEvent {
    }

    /** The broker answered and refused (CONNACK return code 1–5; 4 bad user name or password, 5 not authorised). */
    record MqttRefused(int rc, String host, int port, ConsoleLine line) implements ConsoleEvent {
        public String meaning() {
            return MqttReturnCodes.meaning(rc);
        }
    }

    /** The broker could not be reached (rc below 0: network failure, timeout, DNS). */
    record MqttUnreachable(int rc, String host, int port, ConsoleLine line) implements ConsoleEvent {
        public String meaning() {
            return MqttReturnCodes.meaning(rc);
        }
    }

    /** "APP: Restarting": a new boot log follows. */
    record Restarting(ConsoleLine line) implements ConsoleEvent {
    }

    /** An answer to a command (or any published JSON): its last topic level and payload. */
    record Answer(String name, JsonNode json, ConsoleLine line) implements ConsoleEvent {
    }

    /** Signs that the firmware did not run: an exception dump, a watchdog reset, the ROM's reset/boot-mode line. */
    record BootFailure(String text, ConsoleLine line) implements ConsoleEvent {
    }

    /** Anything else. */
    record Other(ConsoleLine line) implements ConsoleEvent {
    }
}

package dev.flashline.tasmota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a Tasmota console line means, for every log dialect from 6.x to the current
 * releases (see DIALECTS.md beside the simulated Tasmota). Stateless; the line is masked first,
 * so the event never carries a secret.
 */
public final class ConsoleClassifier {
    private static final Pattern WIFI_CONNECTING = Pattern.compile(
            "^Connecting to AP\\d (.*?)(?: Channel \\d+ BSSId \\S+)? in mode \\S+ as (\\S+?)\\.{3}$");
    private static final Pattern WEB_SERVER = Pattern.compile(
            "^Web server active on (\\S+?)(?:\\.local)? with IP address (\\d{1,3}(?:\\.\\d{1,3}){3})");
    private static final Pattern MQTT_FAILED = Pattern.compile("^Connect failed to (.*):(\\d+), rc (-?\\d+)");
    private static final Pattern PUBLISHED = Pattern.compile("^(\\S+) = (.*?)(?: \\(retained\\))?$");
    private static final Pattern FAILURE_SIGN = Pattern.compile(
            "Exception \\(\\d+\\)|Fatal exception|rst cause:|boot mode:\\(|>>>stack>>>|[Ww][Dd][Tt] reset|epc1=0x");
    /** Tasmota's own access point address while the Wi-Fi manager runs. */
    static final String WIFI_MANAGER_IP = "192.168.4.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsoleClassifier() {
    }

    /** A raw console line (garbage, secrets and all) as an event. */
    public static ConsoleEvent classify(String raw) {
        return classify(ConsoleLine.parse(raw));
    }

    public static ConsoleEvent classify(ConsoleLine parsed) {
        ConsoleLine line = ConsoleMasking.mask(parsed);
        String msg = line.message().strip();
        if (line.tag() == null) {
            Optional<TasmotaBuild> build = TasmotaBuild.parse(msg);
            if (build.isPresent()) {
                return new ConsoleEvent.Booted(build.get(), line);
            }
        } else {
            ConsoleEvent event = switch (line.tag()) {
                case "WIF" -> wifi(msg, line);
                case "HTP" -> webServer(msg, line);
                case "MQT" -> mqtt(msg, line);
                case "RSL" -> published(msg, line);
                case "APP" -> msg.startsWith("Restarting") ? new ConsoleEvent.Restarting(line) : null;
                default -> null;
            };
            if (event != null) {
                return event;
            }
        }
        if (FAILURE_SIGN.matcher(line.text()).find()) {
            return new ConsoleEvent.BootFailure(line.text(), line);
        }
        return new ConsoleEvent.Other(line);
    }

    private static ConsoleEvent wifi(String msg, ConsoleLine line) {
        Matcher connecting = WIFI_CONNECTING.matcher(msg);
        if (connecting.matches()) {
            return new ConsoleEvent.WifiConnecting(connecting.group(1), connecting.group(2), line);
        }
        if (msg.startsWith("Connect failed")) {
            return new ConsoleEvent.WifiFailed(wifiFailure(msg), msg, line);
        }
        if (msg.equals("Connected") || msg.startsWith("Connected ")) {
            return new ConsoleEvent.WifiConnected(line);
        }
        if (msg.toLowerCase(Locale.ROOT).contains("wifimanager")) {
            return new ConsoleEvent.WifiManager(msg, line);
        }
        return null;
    }

    /** The reason in "Connect failed ..." across releases (8.3 shortened the wrong-password text to just that). */
    static WifiFailure wifiFailure(String msg) {
        String m = msg.toLowerCase(Locale.ROOT);
        if (m.contains("incorrect password") || m.contains("wrong password") || m.strip().equals("connect failed")) {
            return WifiFailure.WRONG_PASSWORD;
        }
        if (m.contains("cannot be reached") || m.contains("not found") || m.contains("no ap")) {
            return WifiFailure.AP_NOT_FOUND;
        }
        if (m.contains("no ip address")) {
            return WifiFailure.NO_IP_ADDRESS;
        }
        if (m.contains("timeout")) {
            return WifiFailure.TIMEOUT;
        }
        return WifiFailure.OTHER;
    }

    private static ConsoleEvent webServer(String msg, ConsoleLine line) {
        Matcher m = WEB_SERVER.matcher(msg);
        if (!m.find()) {
            return null;
        }
        if (WIFI_MANAGER_IP.equals(m.group(2))) {
            return new ConsoleEvent.WifiManager(msg, line);
        }
        return new ConsoleEvent.NetworkSeen(new NetworkInfo(m.group(2), m.group(1), null), line);
    }

    private static ConsoleEvent mqtt(String msg, ConsoleLine line) {
        if (msg.startsWith("Attempting connection")) {
            return new ConsoleEvent.MqttConnecting(line);
        }
        if (msg.equals("Connected")) {
            return new ConsoleEvent.MqttConnected(line);
        }
        Matcher failed = MQTT_FAILED.matcher(msg);
        if (failed.find()) {
            int rc = Integer.parseInt(failed.group(3));
            int port = Integer.parseInt(failed.group(2));
            return rc > 0 ? new ConsoleEvent.MqttRefused(rc, failed.group(1), port, line)
                    : new ConsoleEvent.MqttUnreachable(rc, failed.group(1), port, line);
        }
        return published(msg, line);
    }

    private static ConsoleEvent published(String msg, ConsoleLine line) {
        Matcher m = PUBLISHED.matcher(msg);
        if (!m.matches() || !m.group(2).startsWith("{")) {
            return null;
        }
        String topic = m.group(1);
        try {
            JsonNode json = JSON.readTree(m.group(2));
            return new ConsoleEvent.Answer(topic.substring(topic.lastIndexOf('/') + 1), json, line);
        } catch (IOException e) {
            return null; // cut short (" ...") or not JSON after all
        }
    }
}

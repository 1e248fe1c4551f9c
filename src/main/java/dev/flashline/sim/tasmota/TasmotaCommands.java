package dev.flashline.sim.tasmota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tasmota commands the simulation understands, answered with Tasmota's JSON keys. Setting
 * Wi-Fi credentials, MQTT host/port/user/password, Module, a changed Topic, or the template while
 * the user module is active asks for a restart, as on the real firmware; the caller restarts once
 * the whole command line (a Backlog included) has run.
 */
final class TasmotaCommands {
    static final String BUILD_DATE = "2024-11-06T00:00:00";
    static final String CORE = "2_7_8";
    static final String SDK = "2.2.2-dev(38a443e)";

    /** One answer: the last topic level it is published under ("RESULT", "STATUS2"...) and its JSON. */
    record Reply(String suffix, String json) {
    }

    /** What running one line did. */
    static final class Outcome {
        final List<Reply> replies = new ArrayList<>();
        boolean restart;
        boolean settingsChanged;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Tasmota takes a Wi-Fi password only when it is longer than this (else it answers "****"). */
    static final int MIN_WIFI_PASSWORD_EXCLUSIVE = 4;

    private final TasmotaSettings settings;
    private final DeviceState device;
    private final TasmotaLogStyle style;

    TasmotaCommands(TasmotaSettings settings, DeviceState device) {
        this(settings, device, TasmotaLogStyle.DEMO);
    }

    TasmotaCommands(TasmotaSettings settings, DeviceState device, TasmotaLogStyle style) {
        this.settings = settings;
        this.device = device;
        this.style = style;
    }

    /** Runs one line (a Backlog runs its commands in order). */
    Outcome run(CommandLine line) {
        Outcome outcome = new Outcome();
        if (line.isBacklog()) {
            for (CommandLine item : line.backlogItems()) {
                execute(item, outcome);
            }
        } else {
            execute(line, outcome);
        }
        return outcome;
    }

    private void execute(CommandLine c, Outcome out) {
        String arg = c.argument();
        boolean set = !arg.isEmpty();
        switch (c.name()) {
            case "SSID" -> {
                if (c.index() != 1) {
                    unknown(out);
                    return;
                }
                if (set) {
                    settings.ssid1 = arg;
                    changed(out, true);
                }
                result(out, "SSId1", settings.ssid1);
            }
            case "PASSWORD" -> password(c, out);
            case "MQTTHOST" -> {
                if (set) {
                    settings.mqttHost = arg;
                    changed(out, true);
                }
                result(out, "MqttHost", settings.mqttHost);
            }
            case "MQTTPORT" -> {
                if (set) {
                    Integer port = parsePort(arg);
                    if (port != null) {
                        settings.mqttPort = port == 1 ? 1883 : port;
                        changed(out, true);
                    }
                }
                out.replies.add(new Reply("RESULT", object().put("MqttPort", settings.mqttPort).toString()));
            }
            case "MQTTUSER" -> {
                if (set) {
                    // As Tasmota's Shortcut(): '"' or '0' clears the text, '1' restores the default.
                    settings.mqttUser = "\"".equals(arg) || "0".equals(arg) ? "" : "1".equals(arg) ? "DVES_USER" : arg;
                    changed(out, true);
                }
                result(out, "MqttUser", settings.mqttUser);
            }
            case "MQTTPASSWORD" -> mqttPassword(c, out);
            case "TOPIC" -> {
                if (set) {
                    String topic = validTopic(arg);
                    if (!topic.equals(settings.topic)) {
                        settings.topic = topic;
                        changed(out, true);
                    }
                }
                result(out, "Topic", settings.topic);
            }
            case "DEVICENAME" -> {
                if (set) {
                    settings.deviceName = arg;
                    changed(out, false);
                }
                result(out, "DeviceName", settings.deviceName);
            }
            case "FRIENDLYNAME" -> {
                if (c.index() != 1) {
                    unknown(out);
                    return;
                }
                if (set) {
                    settings.friendlyName1 = arg;
                    changed(out, false);
                }
                result(out, "FriendlyName1", settings.friendlyName1);
            }
            case "MODULE" -> {
                if (set) {
                    Integer module = parseInt(arg);
                    if (module != null && Modules.known(module)) {
                        settings.module = module;
                        changed(out, true);
                    }
                }
                ObjectNode inner = object().put(String.valueOf(settings.module), moduleName());
                ObjectNode reply = object();
                reply.set("Module", inner);
                out.replies.add(new Reply("RESULT", reply.toString()));
            }
            case "TEMPLATE" -> {
                if (set && arg.startsWith("{")) {
                    ObjectNode template = parseTemplate(arg);
                    if (template != null) {
                        settings.template = template.toString();
                        changed(out, settings.module == Modules.USER_MODULE);
                    }
                }
                out.replies.add(new Reply("RESULT", settings.template));
            }
            case "POWERSET", "VOLTAGESET", "CURRENTSET" -> calibrate(c, out);
            case "STATUS" -> status(arg, out);
            case "POWERONSTATE" -> number(c, "PowerOnState", 0, 5, out);
            case "LEDSTATE" -> number(c, "LedState", 0, 8, out);
            case "TELEPERIOD" -> number(c, "TelePeriod", 0, 3600, out);
            case "SETOPTION" -> switchOption(c, out);
            case "PULSETIME" -> number(c, "PulseTime" + Math.max(1, c.index()), 0, 65535, out);
            case "RESTART" -> {
                if ("1".equals(arg)) {
                    out.restart = true;
                    result(out, "Restart", "Restarting");
                } else {
                    result(out, "Restart", "1 to restart");
                }
            }
            default -> unknown(out);
        }
    }

    /**
     * Password1 as the releases answer it: the new password in clear when taken (every release),
     * "****" when not taken (4 characters or fewer) or when asked without a value, and from 9.x
     * "Password3" sets the same slot but answers with asterisks. The demo build always masks.
     */
    private void password(CommandLine c, Outcome out) {
        String arg = c.argument();
        int index = c.index();
        boolean asterisk = !style.real();
        if (index == 3 && style.hasAsteriskForms()) {
            index = 1;
            asterisk = true;
        }
        if (index != 1) {
            unknown(out);
            return;
        }
        boolean clear = "\"".equals(arg); // '"' clears it (an open network), whatever its length
        boolean taken = clear || (style.real() ? arg.length() > MIN_WIFI_PASSWORD_EXCLUSIVE : !arg.isEmpty());
        if (taken) {
            settings.password1 = clear ? "" : arg;
            changed(out, true);
        }
        result(out, "Password1", taken && !asterisk ? arg : CommandLine.ASTERISKS);
    }

    /** MqttPassword answers in clear when set (every release); MqttPassword2 (9.x on) sets it and answers "****". */
    private void mqttPassword(CommandLine c, Outcome out) {
        String arg = c.argument();
        boolean asterisk = !style.real() || (c.indexGiven() && c.index() == 2 && style.hasAsteriskForms());
        if (!arg.isEmpty()) {
            // Tasmota's rule for text settings: '"' or 0 clears it, 1 restores the default
            settings.mqttPassword = "\"".equals(arg) || "0".equals(arg) ? "" : "1".equals(arg) ? "DVES_PASS" : arg;
            changed(out, true);
        }
        result(out, "MqttPassword", !arg.isEmpty() && !asterisk ? settings.mqttPassword : CommandLine.ASTERISKS);
    }

    /**
     * PowerSet / VoltageSet / CurrentSet: only with a power-meter module (no energy driver, no such
     * command). The reference value (W, V, mA) with the load attached rescales the stored calibration
     * against what the meter measured; the answer is {"PowerSetCal":N} with the new calibration, as
     * current Tasmota answers.
     */
    private void calibrate(CommandLine c, Outcome out) {
        if (!Modules.meters(settings.module)) {
            unknown(out);
            return;
        }
        String key = switch (c.name()) {
            case "POWERSET" -> "PowerSet";
            case "VOLTAGESET" -> "VoltageSet";
            default -> "CurrentSet";
        };
        String calKey = key.replace("Set", "Cal");
        int defaultCal = switch (key) { // Tasmota's HLW_PREF_PULSE, HLW_UREF_PULSE, HLW_IREF_PULSE
            case "PowerSet" -> 12530;
            case "VoltageSet" -> 1950;
            default -> 3500;
        };
        int cal = settings.numbers.getOrDefault(calKey, defaultCal);
        if (!c.argument().isEmpty()) {
            double reference;
            try {
                reference = Double.parseDouble(c.argument().strip());
            } catch (NumberFormatException e) {
                reference = -1;
            }
            if (reference > 0) {
                // The simulated meter reads 4 % high with the factory calibration: the reference pulls it back.
                double measured = reference * 1.04 * defaultCal / cal;
                cal = (int) Math.round(cal * measured / reference);
                settings.numbers.put(calKey, cal);
                changed(out, false);
            }
        }
        out.replies.add(new Reply("RESULT", object().put(key + "Cal", cal).toString()));
    }

    private void status(String arg, Outcome out) {
        switch (arg) {
            case "" -> out.replies.add(new Reply("STATUS", wrap("Status", statusMain())));
            case "0" -> {
                ObjectNode all = object();
                all.set("Status", statusMain());
                all.set("StatusPRM", statusParameters());
                all.set("StatusFWR", statusFirmware());
                all.set("StatusLOG", statusLogging());
                all.set("StatusNET", statusNetwork());
                all.set("StatusMQT", statusMqtt());
                all.set("StatusSTS", statusState());
                out.replies.add(new Reply("STATUS0", all.toString()));
            }
            case "1" -> out.replies.add(new Reply("STATUS1", wrap("StatusPRM", statusParameters())));
            case "2" -> out.replies.add(new Reply("STATUS2", wrap("StatusFWR", statusFirmware())));
            case "3" -> out.replies.add(new Reply("STATUS3", wrap("StatusLOG", statusLogging())));
            case "5" -> out.replies.add(new Reply("STATUS5", wrap("StatusNET", statusNetwork())));
            case "6" -> out.replies.add(new Reply("STATUS6", wrap("StatusMQT", statusMqtt())));
            case "11" -> out.replies.add(new Reply("STATUS11", wrap("StatusSTS", statusState())));
            default -> out.replies.add(new Reply("STATUS", wrap("Status", statusMain())));
        }
    }

    private ObjectNode statusMain() {
        ObjectNode s = object();
        s.put("Module", settings.module);
        s.put("DeviceName", settings.deviceName);
        s.putArray("FriendlyName").add(settings.friendlyName1);
        s.put("Topic", settings.topic);
        s.put("ButtonTopic", "0");
        s.put("Power", "0");
        s.put("PowerOnState", 3);
        s.put("LedState", 1);
        s.put("SaveData", 1);
        s.put("SaveState", 1);
        return s;
    }

    private ObjectNode statusParameters() {
        ObjectNode s = object();
        s.put("Baudrate", 115200);
        s.put("SerialConfig", "8N1");
        s.put("GroupTopic", "tasmotas");
        s.put("OtaUrl", "");
        s.put("RestartReason", settings.bootCount <= 1 ? "Power On" : "Software/System restart");
        s.put("Uptime", uptime());
        s.put("BootCount", settings.bootCount);
        s.put("SaveCount", settings.saveCount);
        return s;
    }

    private ObjectNode statusFirmware() {
        ObjectNode s = object();
        s.put("Version", device.version());
        s.put("BuildDateTime", style.buildDate().isEmpty() ? BUILD_DATE : style.buildDate());
        s.put("Core", style.core());
        s.put("SDK", SDK);
        s.put("CpuFrequency", 80);
        s.put("Hardware", device.hardware());
        return s;
    }

    private ObjectNode statusLogging() {
        ObjectNode s = object();
        s.put("SerialLog", 2);
        s.put("WebLog", 2);
        s.put("MqttLog", 0);
        ArrayNode ssids = s.putArray("SSId");
        ssids.add(settings.ssid1);
        ssids.add("");
        return s;
    }

    private ObjectNode statusNetwork() {
        ObjectNode s = object();
        s.put("Hostname", device.hostname());
        s.put("IPAddress", device.wifiConnected() ? device.ipAddress() : "0.0.0.0");
        s.put("Mac", device.mac().toUpperCase(java.util.Locale.ROOT));
        return s;
    }

    /** Status 11: uptime and, on Wi-Fi, the link with its RSSI (quality 0-100) and Signal (dBm). */
    private ObjectNode statusState() {
        ObjectNode s = object();
        s.put("Uptime", uptime());
        s.put("POWER", "OFF");
        if (device.wifiConnected()) {
            ObjectNode wifi = s.putObject("Wifi");
            wifi.put("AP", 1);
            wifi.put("SSId", device.ssid());
            wifi.put("BSSId", device.bssid());
            wifi.put("Channel", 6);
            wifi.put("Mode", "11n");
            wifi.put("RSSI", device.rssi());
            wifi.put("Signal", device.rssi() / 2 - 100);
            wifi.put("LinkCount", 1);
            wifi.put("Downtime", "0T00:00:03");
        }
        return s;
    }

    private ObjectNode statusMqtt() {
        ObjectNode s = object();
        s.put("MqttHost", settings.mqttHost);
        s.put("MqttPort", settings.mqttPort);
        s.put("MqttClientMask", "DVES_%06X");
        s.put("MqttClient", device.mqttClientId());
        s.put("MqttUser", settings.mqttUser);
        s.put("MqttCount", device.mqttConnectCount());
        s.put("KEEPALIVE", 30);
        return s;
    }

    String moduleName() {
        String templateName = "Generic";
        ObjectNode template = parseTemplate(settings.template);
        if (template != null && template.hasNonNull("NAME")) {
            templateName = template.get("NAME").asText();
        }
        return Modules.name(settings.module, templateName);
    }

    private String uptime() {
        long t = device.uptimeSeconds();
        return String.format("%dT%02d:%02d:%02d", t / 86400, t / 3600 % 24, t / 60 % 60, t % 60);
    }

    private static void changed(Outcome out, boolean restart) {
        out.settingsChanged = true;
        out.restart |= restart;
    }

    private static void result(Outcome out, String key, String value) {
        out.replies.add(new Reply("RESULT", object().put(key, value).toString()));
    }

    /** A plain numeric setting: kept in flash, answered as {"Name":value}; out of range is an error. */
    private void number(CommandLine c, String key, int min, int max, Outcome out) {
        String arg = c.argument();
        if (!arg.isEmpty()) {
            Integer v = parseInt(arg);
            if (v == null || v < min || v > max) {
                result(out, "Command", "Error");
                return;
            }
            settings.numbers.put(key, v);
            changed(out, false);
        }
        out.replies.add(new Reply("RESULT", object().put(key, settings.numbers.getOrDefault(key, 0)).toString()));
    }

    /** SetOptionNN: 0/1 (or OFF/ON), answered as {"SetOptionNN":"ON"}. */
    private void switchOption(CommandLine c, Outcome out) {
        String key = "SetOption" + c.index();
        String arg = c.argument().toUpperCase(java.util.Locale.ROOT);
        if (!arg.isEmpty()) {
            int v = switch (arg) {
                case "1", "ON" -> 1;
                case "0", "OFF" -> 0;
                default -> -1;
            };
            if (v < 0) {
                result(out, "Command", "Error");
                return;
            }
            settings.numbers.put(key, v);
            changed(out, false);
        }
        result(out, key, settings.numbers.getOrDefault(key, 0) == 1 ? "ON" : "OFF");
    }

    private static void unknown(Outcome out) {
        result(out, "Command", "Unknown");
    }

    private static String wrap(String key, ObjectNode inner) {
        ObjectNode o = object();
        o.set(key, inner);
        return o.toString();
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** MQTT wildcards and spaces are not allowed in a topic level: Tasmota turns them into '_'. */
    private static String validTopic(String topic) {
        return topic.replaceAll("[+# /]", "_");
    }

    private static ObjectNode parseTemplate(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node instanceof ObjectNode o && o.has("GPIO") ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Integer parsePort(String arg) {
        Integer port = parseInt(arg);
        return port != null && port >= 1 && port <= 65535 ? port : null;
    }

    private static Integer parseInt(String arg) {
        try {
            return Integer.parseInt(arg.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

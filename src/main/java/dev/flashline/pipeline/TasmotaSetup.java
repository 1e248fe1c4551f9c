package dev.flashline.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.camel.DeviceRun;
import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceSettings;
import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
import dev.flashline.tasmota.TasmotaConsole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Bean {@code tasmota}: configures the freshly booted Tasmota. Over the serial console it sets what
 * the device needs to reach the network (Wi-Fi, MQTT, topic, name) — the secrets travel only
 * there; the rest of the configuration goes over MQTT once the device is online.
 */
public final class TasmotaSetup {
    /** Exchange property with the device's MQTT topic, for the routes' paho endpoints. */
    public static final String TOPIC_PROPERTY = "flashlineTopic";

    private final ProvisioningSettings settings;
    private final DeviceManifest manifest;
    private final long bootTimeoutMillis;
    private final long commandTimeoutMillis;
    private final DeviceWatch watch;

    public TasmotaSetup(ProvisioningSettings settings, DeviceManifest manifest, long bootTimeoutMillis, long commandTimeoutMillis,
                        DeviceWatch watch) {
        this.watch = watch;
        this.settings = settings;
        this.manifest = manifest;
        this.bootTimeoutMillis = bootTimeoutMillis;
        this.commandTimeoutMillis = commandTimeoutMillis;
    }

    /** Waits for Tasmota's boot, sends Wi-Fi/MQTT/topic/name as one Backlog and checks every answer. */
    public void configureSerial(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        TasmotaConsole console = run.console();
        if (console == null) {
            throw FlashlineException.badInput("tasmota.configureSerial needs esp:softReset before it", "Fix the route.");
        }
        if (run.bootVersion() == null) { // esp:console may have seen the boot already
            // No boot line after a verified flash fails here, with what the device printed instead.
            run.step("boot", () -> run.bootVersion(console.awaitBoot(bootTimeoutMillis)));
        }
        run.step("serial-config", () -> {
            DeviceSettings device = ProfileCommands.settings(manifest, run.chip().mac(), settings.defaultModule(), run.profile());
            run.settings(device);
            watch.watch(device.topic()); // its LWT may come before anyone waits for it
            exchange.setProperty(TOPIC_PROPERTY, device.topic());
            List<String> commands = new ArrayList<>(List.of(
                    "SSID1 " + settings.wifiSsid(),
                    // An open network: Tasmota's '"' clears the password ("Password1" alone only asks for it).
                    "Password1 " + (settings.wifiPassword().isEmpty() ? "\"" : settings.wifiPassword())));
            commands.addAll(settings.tasmotaMqttCommands());
            commands.add("Topic " + device.topic());
            commands.add("DeviceName " + device.name());
            run.configuredAt(System.nanoTime()); // the device may be online again before send() returns
            List<JsonNode> answers = console.send("Backlog " + String.join("; ", commands), commandTimeoutMillis);
            expect(answers, "SSId1", settings.wifiSsid());
            expect(answers, "MqttHost", settings.mqttHost());
            expect(answers, "Topic", device.topic());
            expect(answers, "DeviceName", device.name());
            return null;
        });
    }

    /** Puts the MQTT part of the configuration (no secrets) in the body as a Backlog argument. */
    public void mqttBacklog(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        DeviceSettings device = run.settings();
        if (device == null) {
            throw FlashlineException.badInput("tasmota.mqttBacklog needs tasmota.configureSerial before it", "Fix the route.");
        }
        // Profile commands before the station's and the row's; a serial-taking module (POW R2) last.
        List<String> commands = ProfileCommands.mqttBacklog(device, run.profile(), settings.extraBacklog());
        // Tasmota restarts after a Module change: the line then waits for it to come back online.
        run.backlog(new DeviceRun.Backlog(commands.size(), device.module() != null));
        run.mqttMark(System.nanoTime());
        exchange.setProperty(TOPIC_PROPERTY, device.topic());
        exchange.getMessage().setBody(String.join("; ", commands));
    }

    /** The configuration as the audit record shows it (secrets as "***"). */
    static Map<String, Object> auditConfig(ProvisioningSettings settings, DeviceSettings device) {
        Map<String, Object> config = new LinkedHashMap<>(settings.auditView());
        if (device != null) {
            config.put("deviceName", device.name());
            config.put("topic", device.topic());
            config.put("module", device.module());
            config.put("template", device.template());
            config.put("commands", device.commands());
            config.put("fromManifest", device.fromManifest());
        }
        return config;
    }

    static String topicOf(DeviceRun run) {
        DeviceSettings device = run.settings();
        if (device == null) {
            throw FlashlineException.badInput("No device settings yet: tasmota.configureSerial must come first", "Fix the route.");
        }
        return device.topic();
    }

    private static void expect(List<JsonNode> answers, String key, String value) {
        for (JsonNode a : answers) {
            if (a.has(key)) {
                if (!a.get(key).asText().equals(value)) {
                    throw FlashlineException.deviceFailed("Tasmota set " + key + " to '" + a.get(key).asText()
                            + "' instead of '" + value + "'", "Check the value in the configuration (length, characters).");
                }
                return;
            }
        }
        throw FlashlineException.deviceFailed("Tasmota did not confirm " + key, "Run the configuration step again.");
    }
}

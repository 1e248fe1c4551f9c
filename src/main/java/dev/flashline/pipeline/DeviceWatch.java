package dev.flashline.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.camel.DeviceRun;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.Exchange;

/**
 * Bean {@code deviceWatch}: what the broker says about devices. The MQTT routes feed it every
 * {@code tele/+/+} (LWT, INFO1) and {@code stat/+/+} message; the line waits here for a device's retained
 * LWT "Online", its Backlog answers and its firmware version. Only messages that arrived after the
 * device was configured count, so a stale retained "Online" from an earlier run cannot pass.
 */
public final class DeviceWatch {
    /** Paho's header with the topic a message came on. */
    static final String MQTT_TOPIC = "CamelMqttTopic";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Message(long at, String topic, String payload) {
    }

    private final List<Message> messages = new ArrayList<>();
    private final long onlineTimeoutMillis;
    private final long answerTimeoutMillis;
    private final String brokerDescription;

    public DeviceWatch(long onlineTimeoutMillis, long answerTimeoutMillis, String brokerDescription) {
        this.onlineTimeoutMillis = onlineTimeoutMillis;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.brokerDescription = brokerDescription;
    }

    /** From the MQTT routes. */
    public void onMessage(Exchange exchange) {
        String topic = exchange.getMessage().getHeader(MQTT_TOPIC, String.class);
        String payload = exchange.getMessage().getBody(String.class);
        if (topic != null) {
            record(topic, payload == null ? "" : payload);
        }
    }

    synchronized void record(String topic, String payload) {
        messages.add(new Message(System.nanoTime(), topic, payload));
        notifyAll();
    }

    /** Marks "from now on" for the next wait of this device (call before publishing a command). */
    public void mark(Exchange exchange) {
        Runs.of(exchange).mqttMark(System.nanoTime());
    }

    public void awaitOnline(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        String topic = TasmotaSetup.topicOf(run);
        Long configuredAt = run.configuredAt();
        if (configuredAt == null) {
            throw FlashlineException.badInput("deviceWatch.awaitOnline needs tasmota.configureSerial before it", "Fix the route.");
        }
        long since = configuredAt;
        run.step("mqtt-online", () -> {
            await(m -> m.at > since && m.topic.equals("tele/" + topic + "/LWT") && m.payload.equals("Online"), 1, onlineTimeoutMillis,
                    () -> FlashlineException.deviceFailed("The device did not come online on MQTT within "
                                    + onlineTimeoutMillis / 1000 + " s (no tele/" + topic + "/LWT = Online on " + brokerDescription + ")",
                            "The flash is verified and Wi-Fi/MQTT are set on the device. Check that the broker runs and is"
                                    + " reachable from the devices' Wi-Fi (flashline.mqtt.host / port), and the Wi-Fi SSID and password."));
            // Tasmota announces Online before it subscribes to cmnd/<topic>/#; INFO1 follows the subscription,
            // so commands sent after it are not lost
            await(m -> m.at > since && m.topic.equals("tele/" + topic + "/INFO1"), 1, onlineTimeoutMillis,
                    () -> FlashlineException.deviceFailed("The device came online on MQTT but did not send tele/" + topic
                            + "/INFO1 within " + onlineTimeoutMillis / 1000 + " s", "Power-cycle it and check it on the broker."));
            return null;
        });
        run.online(true);
    }

    /** Waits for one stat/<topic>/RESULT per command of the Backlog sent after the mark. */
    public void awaitBacklog(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        String topic = TasmotaSetup.topicOf(run);
        long since = markOf(run);
        DeviceRun.Backlog backlog = run.backlog();
        if (backlog == null) {
            throw FlashlineException.badInput("deviceWatch.awaitBacklog needs tasmota.mqttBacklog before it", "Fix the route.");
        }
        int expected = backlog.commands();
        List<Message> answers = run.step("mqtt-config", () -> await(
                m -> m.at > since && m.topic.equals("stat/" + topic + "/RESULT"), expected, answerTimeoutMillis,
                () -> FlashlineException.deviceFailed("The device answered fewer than " + expected
                        + " of the configuration commands sent over MQTT", "Check the commands in flashline.backlog / devices.csv.")));
        List<String> payloads = answers.stream().map(Message::payload).toList();
        for (String p : payloads) {
            if (p.contains("\"Command\":\"Unknown\"") || p.contains("\"Command\":\"Error\"")) {
                throw FlashlineException.deviceFailed("Tasmota refused a configuration command: " + p,
                        "Fix the command in flashline.backlog or devices.csv.");
            }
        }
        if (backlog.restarts()) {
            run.step("mqtt-restart", () -> await(m -> m.at > since && m.topic.equals("tele/" + topic + "/LWT")
                            && m.payload.equals("Online"), 1, onlineTimeoutMillis,
                    () -> FlashlineException.deviceFailed("The device did not come back online after its configuration restart",
                            "Power-cycle it and check it on the broker.")));
        }
    }

    /** Waits for stat/<topic>/STATUS2 (the answer to "Status 2") and keeps the firmware version. */
    public void awaitFirmwareVersion(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        String topic = TasmotaSetup.topicOf(run);
        long since = markOf(run);
        String version = run.step("firmware-version", () -> {
            Message m = await(x -> x.at > since && x.topic.equals("stat/" + topic + "/STATUS2"), 1, answerTimeoutMillis,
                    () -> FlashlineException.deviceFailed("No answer to Status 2 on stat/" + topic + "/STATUS2",
                            "The device is online but does not answer commands: check the broker's ACLs.")).get(0);
            try {
                JsonNode v = JSON.readTree(m.payload).path("StatusFWR").path("Version");
                if (v.isMissingNode()) {
                    throw FlashlineException.deviceFailed("STATUS2 has no StatusFWR.Version: " + m.payload, "");
                }
                return v.asText();
            } catch (IOException e) {
                throw FlashlineException.deviceFailed("STATUS2 is not JSON: " + m.payload, "");
            }
        });
        run.reportedFirmwareVersion(version);
    }

    private static long markOf(DeviceRun run) {
        Long mark = run.mqttMark();
        if (mark == null) {
            throw FlashlineException.badInput("No MQTT mark yet: tasmota.mqttBacklog or deviceWatch.mark must come first", "Fix the route.");
        }
        return mark;
    }

    private synchronized List<Message> await(Predicate<Message> wanted, int count, long timeoutMillis,
                                             java.util.function.Supplier<FlashlineException> timeout) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            List<Message> found = messages.stream().filter(wanted).limit(count).toList();
            if (found.size() >= count) {
                return found;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw timeout.get();
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                throw FlashlineException.interrupted("while waiting for the broker", e);
            }
        }
    }
}

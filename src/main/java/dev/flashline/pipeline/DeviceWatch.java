package dev.flashline.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.camel.DeviceRun;
import dev.flashline.errors.FlashlineException;
import dev.flashline.tasmota.ConsoleEvent;
import dev.flashline.tasmota.ConsoleFailure;
import dev.flashline.tasmota.ConsoleWatch;
import dev.flashline.tasmota.NetworkInfo;
import dev.flashline.tasmota.TasmotaConsole;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.camel.Exchange;

/**
 * Bean {@code deviceWatch}: what the broker says about devices. The MQTT routes feed it every
 * {@code tele/+/+} (LWT, INFO1) and {@code stat/+/+} message; the line waits here for a device's retained
 * LWT "Online", its Backlog answers and its firmware version. Only messages that arrived after the
 * device was configured count, so a stale retained "Online" from an earlier run cannot pass.
 * Only messages of devices in flight are kept ({@link #watch} … {@link #release}), at most
 * {@link #KEPT_PER_DEVICE} each: a busy broker's other traffic costs no memory. While it waits for
 * the device to come online it also reads the device's serial console, which says why a device
 * does not (Wi-Fi refused, SSID not found, broker refused the login, no boot).
 */
public final class DeviceWatch {
    /** Paho's header with the topic a message came on. */
    static final String MQTT_TOPIC = "CamelMqttTopic";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Message(long at, String topic, String payload) {
    }

    static final int KEPT_PER_DEVICE = 64;
    /** How long a device that is online may take to send INFO1 (its subscription done) before commands go anyway. */
    private static final long INFO1_WAIT_MILLIS = 3_000;

    /** Device topic → its messages since it was watched; only devices in flight have an entry. */
    private final Map<String, Deque<Message>> watched = new HashMap<>();
    private final long onlineTimeoutMillis;
    private final long answerTimeoutMillis;
    private final String brokerDescription;
    private final String mqttUser;

    public DeviceWatch(long onlineTimeoutMillis, long answerTimeoutMillis, String brokerDescription) {
        this(onlineTimeoutMillis, answerTimeoutMillis, brokerDescription, null);
    }

    /** @param mqttUser the MQTT user the devices log in with (null: anonymous), named when the broker refuses them */
    public DeviceWatch(long onlineTimeoutMillis, long answerTimeoutMillis, String brokerDescription, String mqttUser) {
        this.onlineTimeoutMillis = onlineTimeoutMillis;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.brokerDescription = brokerDescription;
        this.mqttUser = mqttUser;
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
        Deque<Message> kept = watched.get(deviceTopic(topic));
        if (kept == null) {
            return; // no device in flight waits for it
        }
        if (kept.size() >= KEPT_PER_DEVICE) {
            kept.removeFirst();
        }
        kept.addLast(new Message(System.nanoTime(), topic, payload));
        notifyAll();
    }

    /** From now on, keeps what the broker says about the device with this topic (before it is configured). */
    public synchronized void watch(String deviceTopic) {
        watched.computeIfAbsent(deviceTopic, t -> new ArrayDeque<>());
    }

    /** The device's run is over: its messages are dropped and no more are kept. */
    public synchronized void release(String deviceTopic) {
        watched.remove(deviceTopic);
    }

    /** How many messages are kept (for tests and figures). */
    synchronized int kept() {
        return watched.values().stream().mapToInt(Deque::size).sum();
    }

    /** How many devices are watched (for tests and figures). */
    synchronized int watchedDevices() {
        return watched.size();
    }

    /** tele/<topic>/LWT, stat/<topic>/RESULT → <topic>. */
    private static String deviceTopic(String mqttTopic) {
        int first = mqttTopic.indexOf('/');
        int last = mqttTopic.lastIndexOf('/');
        return first < 0 || last <= first ? "" : mqttTopic.substring(first + 1, last);
    }

    /** Marks "from now on" for the next wait of this device (call before publishing a command). */
    public void mark(Exchange exchange) {
        Runs.of(exchange).mqttMark(System.nanoTime());
    }

    /**
     * Waits until the device is online, reading its console meanwhile (when the route has one):
     * first its Wi-Fi join (step "wifi"), then its broker connection and the retained LWT "Online"
     * (step "mqtt-online"). A device that keeps failing the same way, or says nothing useful in
     * time, fails with its own reason at "wifi", "mqtt-online" or "boot". Where it is on the
     * network (IP, host name, RSSI) is kept for the audit record, also when it failed.
     */
    public void awaitOnline(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        String topic = TasmotaSetup.topicOf(run);
        Long configuredAt = run.configuredAt();
        if (configuredAt == null) {
            throw FlashlineException.badInput("deviceWatch.awaitOnline needs tasmota.configureSerial before it", "Fix the route.");
        }
        long since = configuredAt;
        Predicate<Message> lwtOnline = m -> m.at > since && m.topic.equals("tele/" + topic + "/LWT") && m.payload.equals("Online");
        TasmotaConsole console = run.console();
        java.util.function.Supplier<FlashlineException> noLwt = () -> FlashlineException.deviceFailed(
                (console != null ? "The device says it is connected to its broker, but the station saw no " : "No ")
                        + "tele/" + topic + "/LWT = Online on " + brokerDescription + " within " + onlineTimeoutMillis / 1000 + " s",
                "The flash is verified and Wi-Fi/MQTT are set on the device. Check that the broker runs and is"
                        + " reachable from the devices' Wi-Fi (flashline.mqtt.host / port), and the Wi-Fi SSID and password.");
        // Tasmota announces Online before it subscribes to cmnd/<topic>/#; INFO1 follows the subscription,
        // so commands sent after it are not lost. INFO1 comes only with the first connection after a boot
        // (not after a broker restart): a short wait for it, then go on.
        Runnable subscribed = () -> arrives(topic, m -> m.at > since && m.topic.equals("tele/" + topic + "/INFO1"),
                Math.min(onlineTimeoutMillis, INFO1_WAIT_MILLIS));
        if (console == null) {
            run.step(ConsoleFailure.MQTT_ONLINE, () -> {
                await(topic, lwtOnline, 1, onlineTimeoutMillis, noLwt);
                subscribed.run();
            });
        } else {
            try {
                run.step(ConsoleFailure.WIFI, () -> settle(run, ConsoleFailure.WIFI,
                        console.awaitOnWifi(onlineTimeoutMillis, () -> seen(topic, lwtOnline))));
                run.step(ConsoleFailure.MQTT_ONLINE, () -> {
                    settle(run, ConsoleFailure.MQTT_ONLINE, console.awaitOnline(onlineTimeoutMillis, () -> seen(topic, lwtOnline)));
                    await(topic, lwtOnline, 1, onlineTimeoutMillis, noLwt); // the station must see it on its broker too
                    subscribed.run();
                });
            } finally {
                run.network(located(console.watch()));
            }
        }
        run.online(true);
        if (console != null) {
            try { // Status 5 / 11 over the console: address, host name and signal as the device reports them
                console.queryNetwork(answerTimeoutMillis);
                run.network(located(console.watch()));
            } catch (RuntimeException e) {
                // what the console showed while joining is kept
            }
        }
    }

    /** Returns when the console shows {@code step} reached; otherwise fails with the device's reason, at the step it names. */
    private void settle(DeviceRun run, String step, TasmotaConsole.OnlineResult result) {
        if (result.online()) {
            return;
        }
        ConsoleFailure failure = result.failure().orElseThrow();
        String message = failure.message();
        if (ConsoleFailure.MQTT_ONLINE.equals(failure.step())) {
            message = run.console().watch().refusal().map(this::refusedMessage).orElse(message);
        }
        if (!failure.step().equals(step)) {
            run.failedAt(failure.step());
        }
        throw FlashlineException.deviceFailed(message, failure.hint());
    }

    private String refusedMessage(ConsoleEvent.MqttRefused refused) {
        String who = mqttUser == null ? "the anonymous connection" : "user '" + mqttUser + "'";
        return "broker refused " + who + " (rc " + refused.rc() + "): " + refused.meaning() + ", on "
                + refused.host() + ":" + refused.port();
    }

    /** Only a device on its Wi-Fi in the current boot, with an address, is "on the network". */
    private static NetworkInfo located(ConsoleWatch watch) {
        NetworkInfo info = watch.network();
        return (watch.onWifi() || watch.online()) && info.ip() != null ? info : null;
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
        List<Message> answers = run.step("mqtt-config", () -> await(topic,
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
            run.step("mqtt-restart", () -> {
                Message online = await(topic, m -> m.at > since && m.topic.equals("tele/" + topic + "/LWT")
                                && m.payload.equals("Online"), 1, onlineTimeoutMillis,
                        () -> FlashlineException.deviceFailed("The device did not come back online after its configuration restart",
                                "Power-cycle it and check it on the broker.")).get(0);
                // As after the first boot: Online comes before the subscription, INFO1 after it; a command
                // sent in between (Status 2 next) would be lost.
                arrives(topic, m -> m.at > online.at && m.topic.equals("tele/" + topic + "/INFO1"),
                        Math.min(onlineTimeoutMillis, INFO1_WAIT_MILLIS));
                return null;
            });
        }
    }

    /** Waits for stat/<topic>/STATUS2 (the answer to "Status 2") and keeps the firmware version. */
    public void awaitFirmwareVersion(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        String topic = TasmotaSetup.topicOf(run);
        long since = markOf(run);
        String version = run.step("firmware-version", () -> {
            Message m = await(topic, x -> x.at > since && x.topic.equals("stat/" + topic + "/STATUS2"), 1, answerTimeoutMillis,
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

    /** True when a message the line already has for this device matches, without waiting. */
    private synchronized boolean seen(String deviceTopic, Predicate<Message> wanted) {
        Deque<Message> kept = watched.get(deviceTopic);
        return kept != null && kept.stream().anyMatch(wanted);
    }

    /** Waits at most {@code timeoutMillis} for a matching message; false when none came (not an error). */
    private synchronized boolean arrives(String deviceTopic, Predicate<Message> wanted, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        watch(deviceTopic);
        while (!seen(deviceTopic, wanted)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                throw FlashlineException.interrupted("while waiting for the broker", e);
            }
        }
        return true;
    }

    private synchronized List<Message> await(String deviceTopic, Predicate<Message> wanted, int count, long timeoutMillis,
                                             java.util.function.Supplier<FlashlineException> timeout) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        watch(deviceTopic);
        while (true) {
            Deque<Message> kept = watched.getOrDefault(deviceTopic, new ArrayDeque<>());
            List<Message> found = kept.stream().filter(wanted).limit(count).toList();
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

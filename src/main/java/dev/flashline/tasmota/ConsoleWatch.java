package dev.flashline.tasmota;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * What the console has shown so far, boot by boot: feed it every {@link ConsoleEvent} and ask
 * whether the device is online or has failed for a reason it printed. A new boot line starts
 * a new boot: Wi-Fi and MQTT state are forgotten, what the device said about its network is kept.
 */
public final class ConsoleWatch {
    /** Joins that failed for the same reason before the failure counts as settled. */
    static final int WIFI_FAILURES_TO_SETTLE = 3;
    /** Refusals (the broker answered "no") before the failure counts as settled. */
    static final int MQTT_REFUSALS_TO_SETTLE = 2;
    private static final int RECENT_LINES = 12;

    private final Deque<String> recent = new ArrayDeque<>();
    private ConsoleEvent.Booted boot;
    private int boots;
    private NetworkInfo network = NetworkInfo.UNKNOWN;
    private ConsoleEvent.WifiFailed wifiFailure;
    private int wifiFailures;
    private ConsoleEvent.WifiManager wifiManager;
    private boolean wifiConnected;
    private boolean mqttConnected;
    private ConsoleEvent.MqttRefused refused;
    private int refusals;
    private ConsoleEvent.MqttUnreachable unreachable;
    private ConsoleEvent.BootFailure failureSign;
    private boolean restarting;

    public synchronized void accept(ConsoleEvent event) {
        remember(event.line().text());
        if (event instanceof ConsoleEvent.Booted b) {
            boot = b;
            boots++;
            wifiFailure = null;
            wifiFailures = 0;
            wifiManager = null;
            wifiConnected = false;
            mqttConnected = false;
            refused = null;
            refusals = 0;
            unreachable = null;
            failureSign = null;
            restarting = false;
        } else if (event instanceof ConsoleEvent.WifiFailed f) {
            wifiFailures = wifiFailure != null && wifiFailure.reason() == f.reason() ? wifiFailures + 1 : 1;
            wifiFailure = f;
            wifiConnected = false;
        } else if (event instanceof ConsoleEvent.WifiManager m) {
            wifiManager = m;
        } else if (event instanceof ConsoleEvent.WifiConnected) {
            wifiConnected = true;
            wifiFailure = null;
            wifiFailures = 0;
        } else if (event instanceof ConsoleEvent.WifiConnecting c) {
            network = network.merge(new NetworkInfo(null, c.hostname(), null));
        } else if (event instanceof ConsoleEvent.NetworkSeen n) {
            network = network.merge(n.info());
        } else if (event instanceof ConsoleEvent.Answer a) {
            network = network.merge(NetworkInfo.fromStatus(a.json()));
        } else if (event instanceof ConsoleEvent.MqttConnected) {
            mqttConnected = true;
            refused = null;
            refusals = 0;
            unreachable = null;
        } else if (event instanceof ConsoleEvent.MqttRefused r) {
            mqttConnected = false;
            refusals = refused != null && refused.rc() == r.rc() ? refusals + 1 : 1;
            refused = r;
        } else if (event instanceof ConsoleEvent.MqttUnreachable u) {
            mqttConnected = false;
            unreachable = u;
        } else if (event instanceof ConsoleEvent.Restarting) {
            restarting = true;
            mqttConnected = false;
        } else if (event instanceof ConsoleEvent.BootFailure f) {
            failureSign = f;
        }
    }

    private void remember(String text) {
        if (text.isBlank()) {
            return;
        }
        if (recent.size() == RECENT_LINES) {
            recent.removeFirst();
        }
        recent.addLast(text);
    }

    public synchronized Optional<ConsoleEvent.Booted> boot() {
        return Optional.ofNullable(boot);
    }

    public synchronized int boots() {
        return boots;
    }

    /** Joined the Wi-Fi in the current boot (the console said "WIF: Connected") and no restart is pending. */
    public synchronized boolean onWifi() {
        return boot != null && wifiConnected && !restarting;
    }

    /** The broker's last refusal in the current boot (CONNACK rc 1–5), if any. */
    public synchronized Optional<ConsoleEvent.MqttRefused> refusal() {
        return Optional.ofNullable(refused);
    }

    /** Connected to its broker in the current boot (the console said "MQT: Connected"). */
    public synchronized boolean online() {
        return mqttConnected && !restarting;
    }

    public synchronized NetworkInfo network() {
        return network;
    }

    /** The last lines seen (masked), oldest first. */
    public synchronized List<String> recentLines() {
        return List.copyOf(recent);
    }

    /**
     * A failure the device keeps repeating, so waiting longer will not help: the same Wi-Fi
     * failure {@value #WIFI_FAILURES_TO_SETTLE} times, the broker refusing
     * {@value #MQTT_REFUSALS_TO_SETTLE} times.
     */
    public synchronized Optional<ConsoleFailure> settledFailure() {
        if (boot == null || restarting) {
            return Optional.empty();
        }
        if (wifiFailure != null && wifiFailures >= WIFI_FAILURES_TO_SETTLE) {
            return Optional.of(wifi());
        }
        if (refused != null && refusals >= MQTT_REFUSALS_TO_SETTLE) {
            return Optional.of(mqttRefused());
        }
        return Optional.empty();
    }

    /** The best explanation once the time to come online has run out. */
    public synchronized ConsoleFailure failureAtTimeout(long waitedMillis) {
        long s = Math.max(1, waitedMillis / 1000);
        if (boot == null) {
            String printed = failureSign != null ? failureSign.text()
                    : recent.isEmpty() ? "nothing" : String.join(" | ", recent);
            return new ConsoleFailure(ConsoleFailure.BOOT, "no Tasmota boot line within " + s + " s; the device printed: " + printed,
                    "The firmware did not start: check the flash mode (DOUT is safest for Sonoffs), that GPIO0 is released, and the power supply.");
        }
        if (wifiFailure != null && !wifiConnected) {
            return wifi();
        }
        if (wifiManager != null && !wifiConnected) {
            return new ConsoleFailure(ConsoleFailure.WIFI, "no Wi-Fi configured: the device started its Wi-Fi manager ("
                    + wifiManager.line().message() + ")", "Send SSID1/Password1 again; a password of 4 characters or fewer is not taken.");
        }
        if (refused != null) {
            return mqttRefused();
        }
        if (unreachable != null) {
            return new ConsoleFailure(ConsoleFailure.MQTT_ONLINE, "broker " + unreachable.host() + ":" + unreachable.port()
                    + " " + unreachable.meaning() + " (rc " + unreachable.rc() + ")",
                    "Check MqttHost/MqttPort and that the broker listens on an address the device's network reaches.");
        }
        if (!wifiConnected) {
            return new ConsoleFailure(ConsoleFailure.WIFI, "the device did not report a Wi-Fi connection within " + s + " s",
                    "Check the SSID and password, and that the access point is in range.");
        }
        return new ConsoleFailure(ConsoleFailure.MQTT_ONLINE, "on Wi-Fi but no MQTT connection within " + s + " s",
                "Check MqttHost/MqttPort, the broker, and the device's MQTT user.");
    }

    private ConsoleFailure wifi() {
        WifiFailure reason = wifiFailure.reason();
        return new ConsoleFailure(ConsoleFailure.WIFI, reason.description() + " (device said: \"" + wifiFailure.text() + "\")",
                reason.hint());
    }

    private ConsoleFailure mqttRefused() {
        return new ConsoleFailure(ConsoleFailure.MQTT_ONLINE, "broker " + refused.host() + ":" + refused.port()
                + " refused the connection: " + refused.meaning() + " (rc " + refused.rc() + ")",
                "Check MqttUser/MqttPassword and the broker's access rules for this user.");
    }
}

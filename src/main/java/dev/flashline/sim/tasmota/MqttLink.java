package dev.flashline.sim.tasmota;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The simulated device's MQTT connection to a real broker (Paho v3). A thread keeps it up as
 * Tasmota does: last will tele/TOPIC/LWT = Offline (retained), then Online (retained), then a
 * subscription to cmnd/TOPIC/#; when the broker cannot be reached it logs Tasmota's
 * "Connect failed ... Retry in N sec" and tries again. Incoming commands are handed to the
 * firmware's main thread, never run on Paho's callback thread (a blocking publish there can
 * deadlock).
 */
final class MqttLink implements MqttCallback {
    /** Paho's code for "could not reach the server"; Tasmota reports that case as rc -2. */
    private static final int TASMOTA_RC_NETWORK = -2;
    private static final int KEEP_ALIVE_SECONDS = 30;

    private final TasmotaSettings settings;
    private final String clientId;
    private final String version;
    private final String moduleName;
    private final SimulatedNetwork network;
    private final TasmotaLog log;
    private final BiConsumer<String, String> commands;
    private final String topic;
    private final Object lock = new Object();
    private final AtomicInteger connectCount = new AtomicInteger();
    private volatile MqttClient client;
    private volatile boolean connected;
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param commands receives (last topic level, payload) of each command message
     */
    MqttLink(TasmotaSettings settings, String clientId, String version, String moduleName,
             SimulatedNetwork network, TasmotaLog log, BiConsumer<String, String> commands) {
        this.settings = settings;
        this.clientId = clientId;
        this.version = version;
        this.moduleName = moduleName;
        this.network = network;
        this.log = log;
        this.commands = commands;
        this.topic = settings.topic;
    }

    void start() {
        thread = new Thread(this::keepConnected, "tasmota-mqtt-" + clientId);
        thread.setDaemon(true);
        thread.start();
    }

    boolean connected() {
        return connected && !stopped;
    }

    int connectCount() {
        return connectCount.get();
    }

    /** Publishes at QoS 0 if connected; a message lost to a dying link is lost as on the device. */
    void publish(String fullTopic, String payload, boolean retained) {
        MqttClient c = client;
        if (c == null || !connected) {
            return;
        }
        try {
            c.publish(fullTopic, payload.getBytes(StandardCharsets.UTF_8), 0, retained);
        } catch (MqttException e) {
            // The connection loss callback takes care of reconnecting.
        }
    }

    /**
     * Power loss: the socket closes without an MQTT DISCONNECT, so the broker publishes the
     * last will (Offline). Paho's disconnectForcibly with sendDisconnectPacket=false does that.
     */
    void powerLoss() {
        stop();
        MqttClient c = client;
        if (c != null) {
            try {
                c.disconnectForcibly(0, 1000, false);
            } catch (MqttException e) {
                // Already gone: same outcome for the broker.
            }
            closeQuietly(c);
        }
    }

    /** A software restart: announce Offline (retained), then leave with a clean DISCONNECT. */
    void restart() {
        MqttClient c = client;
        if (c != null && connected) {
            try {
                c.publish(lwtTopic(), "Offline".getBytes(StandardCharsets.UTF_8), 1, true);
                c.disconnect(1000);
            } catch (MqttException e) {
                // The broker falls back on the last will.
            }
        }
        stop();
        if (c != null) {
            closeQuietly(c);
        }
    }

    private void stop() {
        stopped = true;
        connected = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void keepConnected() {
        while (!stopped) {
            log.line("MQT: Attempting connection...");
            MqttClient c = null;
            try {
                c = new MqttClient("tcp://" + settings.mqttHost + ":" + settings.mqttPort, clientId, new MemoryPersistence());
                c.setCallback(this);
                c.connect(options());
                client = c;
                connected = true;
                connectCount.incrementAndGet();
                log.line("MQT: Connected");
                c.publish(lwtTopic(), "Online".getBytes(StandardCharsets.UTF_8), 1, true);
                log.line("MQT: " + lwtTopic() + " = Online (retained)");
                c.subscribe(new String[] {"cmnd/" + topic + "/#", "cmnd/tasmotas/#", "cmnd/" + clientId + "_fb/#"});
                String info = "{\"Info1\":{\"Module\":" + quote(moduleName) + ",\"Version\":" + quote(version)
                        + ",\"FallbackTopic\":\"cmnd/" + clientId + "_fb/\",\"GroupTopic\":\"cmnd/tasmotas/\"}}";
                c.publish("tele/" + topic + "/INFO1", info.getBytes(StandardCharsets.UTF_8), 0, false);
                log.line("MQT: tele/" + topic + "/INFO1 = " + info);
                waitWhileConnected();
                if (stopped) {
                    return;
                }
                log.line("MQT: Disconnected");
            } catch (MqttException | IllegalArgumentException e) {
                connected = false;
                if (stopped) {
                    return;
                }
                log.line(String.format("MQT: Connect failed to %s:%d, rc %d. Retry in %d sec",
                        settings.mqttHost, settings.mqttPort, tasmotaReturnCode(e), retrySeconds()));
                if (c != null && c != client) {
                    closeQuietly(c);
                }
            }
            try {
                Thread.sleep(network.mqttRetry().toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        o.setConnectionTimeout((int) Math.max(1, network.mqttConnectTimeout().toSeconds()));
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setWill(lwtTopic(), "Offline".getBytes(StandardCharsets.UTF_8), 1, true);
        if (!settings.mqttUser.isEmpty()) {
            o.setUserName(settings.mqttUser);
            o.setPassword(settings.mqttPassword.toCharArray());
        }
        return o;
    }

    private void waitWhileConnected() {
        synchronized (lock) {
            while (connected && !stopped) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private String lwtTopic() {
        return "tele/" + topic + "/LWT";
    }

    private long retrySeconds() {
        return Math.max(1, (network.mqttRetry().toMillis() + 999) / 1000);
    }

    /** Tasmota prints PubSubClient's state: -2 network failure, 4 bad credentials, 5 not authorised. */
    private static int tasmotaReturnCode(Exception e) {
        if (e instanceof MqttException m) {
            int reason = m.getReasonCode();
            if (reason >= 1 && reason <= 5) {
                return reason;
            }
        }
        return TASMOTA_RC_NETWORK;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void closeQuietly(MqttClient c) {
        try {
            c.close(true);
        } catch (MqttException e) {
            // Nothing left to release.
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void messageArrived(String fullTopic, MqttMessage message) {
        String last = fullTopic.substring(fullTopic.lastIndexOf('/') + 1);
        commands.accept(last, new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // QoS 0 answers need no bookkeeping.
    }
}

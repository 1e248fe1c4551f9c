package dev.flashline.cli;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A busy broker's other traffic, for the soak benchmark: at a steady rate, messages the station
 * must ignore — Tasmota-like ones of other devices on the topics the line subscribes to
 * ({@code tele/other_NNN/LWT}, {@code STATE}, {@code SENSOR}, {@code stat/other_NNN/RESULT},
 * {@code POWER}, some under topics never seen twice), retained ones among them, and unrelated
 * ones (other home-automation topics, random binary payloads). Retained messages go to a fixed
 * set of topics, so the broker's retained store stays bounded.
 */
final class ForeignTraffic implements AutoCloseable {
    static final int OTHER_DEVICES = 200;

    private final MqttClient client;
    private final ScheduledExecutorService ticker;
    private final Random random = new Random(11);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong retained = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final long limit;

    /**
     * Connects to {@code brokerUri} (tcp://HOST:PORT or ssl://…) and publishes {@code perSecond}
     * messages a second (in ticks of 100 ms) until closed, or until {@code limit} were sent (0: no limit).
     */
    ForeignTraffic(String brokerUri, int perSecond, long limit) throws MqttException {
        this.limit = limit;
        client = new MqttClient(brokerUri, "soak-foreign-" + Long.toHexString(System.nanoTime() & 0xFFFFFF), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxInflight(1000);
        client.connect(options);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-foreign");
            t.setDaemon(true);
            return t;
        });
        int perTick = Math.max(1, perSecond / 10);
        long tickMillis = perSecond >= 10 ? 100 : 1000L / Math.max(1, perSecond);
        if (perSecond > 0) {
            ticker.scheduleAtFixedRate(() -> tick(perTick), 0, tickMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void tick(int count) {
        for (int i = 0; i < count; i++) {
            if (limit > 0 && published.get() >= limit) {
                return;
            }
            publishOne();
        }
    }

    private void publishOne() {
        int other = random.nextInt(OTHER_DEVICES);
        String device = String.format("other_%03d", other);
        String topic;
        byte[] payload;
        boolean retain = false;
        switch (random.nextInt(9)) {
            case 0 -> {
                topic = "tele/" + device + "/LWT";
                payload = text(random.nextBoolean() ? "Online" : "Offline");
                retain = true;
            }
            case 1 -> {
                topic = "tele/" + device + "/STATE";
                payload = text("{\"Time\":\"2026-11-29T10:00:00\",\"Uptime\":\"0T01:00:00\",\"POWER\":\""
                        + (random.nextBoolean() ? "ON" : "OFF") + "\",\"Wifi\":{\"RSSI\":" + random.nextInt(100) + "}}");
            }
            case 2 -> {
                topic = "tele/" + device + "/SENSOR";
                payload = text("{\"ENERGY\":{\"Power\":" + random.nextInt(2000) + ",\"Voltage\":" + (220 + random.nextInt(20)) + "}}");
            }
            case 3 -> {
                topic = "stat/" + device + "/RESULT";
                payload = text("{\"POWER\":\"" + (random.nextBoolean() ? "ON" : "OFF") + "\"}");
            }
            case 4 -> {
                topic = "stat/" + device + "/POWER";
                payload = text(random.nextBoolean() ? "ON" : "OFF");
                retain = true;
            }
            case 5 -> { // a device name never seen again: nothing may be kept per topic
                topic = "tele/" + String.format("passing_%08x", random.nextInt()) + "/INFO1";
                payload = text("{\"Module\":\"Generic\",\"Version\":\"14.3.0(tasmota)\"}");
            }
            case 6 -> {
                topic = "zigbee2mqtt/0x" + String.format("%016x", random.nextLong());
                payload = text("{\"temperature\":" + random.nextInt(40) + ",\"linkquality\":" + random.nextInt(255) + "}");
            }
            case 7 -> {
                topic = "shellies/shelly1-" + String.format("%06X", random.nextInt(1 << 24)) + "/relay/0";
                payload = text(random.nextBoolean() ? "on" : "off");
            }
            default -> {
                topic = "home/" + device + "/raw";
                payload = new byte[16 + random.nextInt(480)];
                random.nextBytes(payload);
            }
        }
        try {
            client.publish(topic, payload, 0, retain);
            published.incrementAndGet();
            if (retain) {
                retained.incrementAndGet();
            }
        } catch (MqttException e) {
            lost.incrementAndGet(); // reconnecting, or the in-flight window is full: counted, not retried
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    long published() {
        return published.get();
    }

    long retained() {
        return retained.get();
    }

    long lost() {
        return lost.get();
    }

    /** Stops publishing; then clears the retained messages it left, so the broker is as it was. */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(2, TimeUnit.SECONDS);
            if (client.isConnected()) {
                byte[] none = new byte[0];
                for (int i = 0; i < OTHER_DEVICES; i++) {
                    String device = String.format("other_%03d", i);
                    client.publish("tele/" + device + "/LWT", none, 0, true);
                    client.publish("stat/" + device + "/POWER", none, 0, true);
                }
                client.disconnect(2000);
            }
        } catch (MqttException e) {
            // the broker is going away too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // nothing left to release
            }
        }
    }
}

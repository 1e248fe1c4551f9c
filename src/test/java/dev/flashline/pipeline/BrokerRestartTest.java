package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.audit.AuditLog;
import dev.flashline.sim.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Mosquitto stopped while devices are between steps and started again on the same port:
 * the line's MQTT connections come back by themselves, a device waiting for its LWT gets it within
 * its timeout, and the record made while the broker was away is published once it is back.
 */
class BrokerRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void recordsMadeWhileTheBrokerIsAwayArePublishedWhenItIsBack() throws Exception {
        Path persistence = tmp.resolve("mosquitto");
        MosquittoBroker broker = new MosquittoBroker(0, persistence);
        int port = broker.port;
        // A durable subscriber (its session and queued messages survive the restart): sees every publication.
        List<String> published = new CopyOnWriteArrayList<>();
        MqttClient observer = new MqttClient(broker.url(), "observer-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(500);
        observer.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                published.add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        observer.connect(options);
        observer.subscribe("flashline/+/audit", 1);
        LineFixture line = new LineFixture(tmp);
        line.properties.put("flashline.mqtt.host", "127.0.0.1");
        line.properties.put("flashline.mqtt.port", Integer.toString(port));
        line.properties.put("flashline.online-timeout-seconds", "40");
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            // Device 0 loses its link mid-flash (a failed record), device 1 goes on to MQTT.
            Future<ProvisioningLine.Outcome> run = runner.submit(() -> line.run(2, Fault.dropAfterBytes(60_000)));
            waitFor(() -> count(line.consoleText(), "identify         ok") >= 2, 60_000);
            broker.close(); // between steps: the devices are backing up
            long stoppedAt = System.nanoTime();
            waitFor(() -> line.consoleText().contains("FAILED at flash"), 60_000);
            assertTrue(line.consoleText().contains("FAILED at flash"), line.consoleText());
            // Device 1 is configured and waits for its LWT while the broker is away.
            waitFor(() -> line.consoleText().contains("serial-config    ok"), 60_000);
            assertTrue(line.consoleText().contains("serial-config    ok"), line.consoleText());
            Thread.sleep(2000);
            assertFalse(line.consoleText().contains("mqtt-online      ok"), "no LWT without a broker");
            Thread.sleep(Math.max(0, 3000 - (System.nanoTime() - stoppedAt) / 1_000_000)); // away for at least 3 s
            List<JsonNode> whileAway = new AuditLog(line.data).readAllJson();
            assertEquals(1, whileAway.size(), "the failed device's record is on disk");
            assertEquals(1, outbox(line.data), "and waits in the outbox while the broker is away");

            broker = new MosquittoBroker(port, persistence);

            try (ProvisioningLine.Outcome outcome = run.get(120, TimeUnit.SECONDS)) {
                List<JsonNode> records = new AuditLog(line.data).readAllJson();
                assertEquals(2, records.size(), line.consoleText());
                JsonNode provisioned = records.stream().filter(r -> r.get("status").asText().equals("provisioned")).findFirst()
                        .orElseThrow(() -> new AssertionError("device 1 waited for its LWT through the restart\n" + line.consoleText()));
                assertTrue(provisioned.get("mqtt").get("online").asBoolean());
                assertTrue(line.consoleText().contains("mqtt-online      ok"), "it came online once the broker was back");
                waitFor(() -> published.size() >= 2, 15_000);
                Set<String> logged = new HashSet<>();
                records.forEach(r -> logged.add(r.get("id").asText()));
                Set<String> seen = new HashSet<>();
                for (String p : published) {
                    JsonNode r = JSON.readTree(p);
                    assertTrue(logged.contains(r.get("id").asText()), "published records are audit records: " + p);
                    seen.add(r.get("id").asText());
                }
                assertEquals(logged, seen, "every record reached the broker, the one made while it was away too");
                waitFor(() -> outbox(line.data) == 0, 5_000);
                assertEquals(0, outbox(line.data), "the outbox is empty once the broker took everything");
                assertFalse(line.consoleText().contains("SendProcessor has not been started"), line.consoleText());
            }
        } finally {
            if (observer.isConnected()) {
                observer.disconnect();
            }
            observer.close();
            broker.close();
            runner.shutdownNow();
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static int outbox(Path data) {
        Path dir = data.resolve("audit").resolve("outbox");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}

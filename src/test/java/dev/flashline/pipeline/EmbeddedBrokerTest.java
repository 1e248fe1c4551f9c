package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The embedded broker leaves nothing in the temp folder once closed (tests start hundreds of them). */
class EmbeddedBrokerTest {
    @Test
    void closingRemovesTheDataFolder() throws Exception {
        Path data;
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            data = broker.dataFolder();
            assertTrue(Files.isDirectory(data));
            MqttClient c = new MqttClient(broker.url(), "t-" + System.nanoTime(), new MemoryPersistence());
            c.connect();
            c.publish("tele/x/LWT", "Online".getBytes(StandardCharsets.UTF_8), 1, true); // a retained message too
            c.disconnect();
            c.close();
        }
        assertFalse(Files.exists(data), data + " is left behind");
    }
}

package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up login against a real Mosquitto run as people run it: anonymous, with a password file, over TLS. */
class BrokerPreflightTest {
    private static final String SECRET = "s3cret-Pa55";

    @TempDir
    Path dir;

    private static ProvisioningSettings settings(Map<String, String> extra) {
        Map<String, String> c = new HashMap<>();
        c.put("flashline.wifi.ssid", "shop");
        c.put("flashline.wifi.password", "wifi-pass-123");
        c.putAll(extra);
        return ProvisioningSettings.from(c, Map.of(), false);
    }

    @Test
    void anAnonymousBrokerNeedsNoUserAndNoPassword() throws Exception {
        try (ConfiguredMosquitto broker = ConfiguredMosquitto.anonymous(dir)) {
            ProvisioningSettings s = settings(Map.of("flashline.mqtt.url", "mqtt://127.0.0.1:" + broker.port));
            assertTrue(BrokerPreflight.check(s).isEmpty());
            assertFalse(s.pahoOptions().contains("userName"), s.pahoOptions());
        }
    }

    @Test
    void aPasswordBrokerAcceptsTheRightLoginAndRefusesOthersByName() throws Exception {
        try (ConfiguredMosquitto broker = ConfiguredMosquitto.withPasswords(dir, "flashline", SECRET, "nopass", "")) {
            String url = "mqtt://127.0.0.1:" + broker.port;
            assertTrue(BrokerPreflight.check(settings(Map.of("flashline.mqtt.url", url,
                    "flashline.mqtt.user", "flashline", "flashline.mqtt.password", SECRET))).isEmpty());
            // A user whose password is empty, written as an empty value, logs in with an empty password.
            // Mosquitto 2.0 refuses empty passwords even for such a user: the line says so by name at start.
            ProvisioningSettings empty = settings(Map.of("flashline.mqtt.url", url,
                    "flashline.mqtt.user", "nopass", "flashline.mqtt.password", ""));
            assertTrue(empty.pahoOptions().endsWith("&userName=RAW(nopass)&password=RAW()"), empty.pahoOptions());
            FlashlineException refused = assertThrows(FlashlineException.class, () -> BrokerPreflight.check(empty));
            assertTrue(refused.getMessage().contains("user 'nopass'"), refused.getMessage());

            FlashlineException wrong = assertThrows(FlashlineException.class, () -> BrokerPreflight.check(settings(Map.of(
                    "flashline.mqtt.url", url, "flashline.mqtt.user", "flashline", "flashline.mqtt.password", "not-it"))));
            assertTrue(wrong.getMessage().contains(url) && wrong.getMessage().contains("user 'flashline'")
                    && wrong.getMessage().contains("refused"), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("not-it") || wrong.hint().contains("not-it"));
            assertTrue(wrong.kind() == FlashlineException.Kind.BAD_INPUT);

            FlashlineException anonymous = assertThrows(FlashlineException.class,
                    () -> BrokerPreflight.check(settings(Map.of("flashline.mqtt.url", url))));
            assertTrue(anonymous.getMessage().contains("anonymous") && anonymous.hint().contains("flashline.mqtt.user"),
                    anonymous.getMessage());
        }
    }

    @Test
    void aTlsListenerIsReachedWithTheTestCaAndRefusedWithoutIt() throws Exception {
        try (ConfiguredMosquitto broker = ConfiguredMosquitto.withTls(dir)) {
            String url = "mqtts://127.0.0.1:" + broker.port;
            ProvisioningSettings s = settings(Map.of("flashline.mqtt.url", url,
                    "flashline.mqtt.ca-file", dir.resolve("ca.pem").toString()));
            assertTrue(BrokerPreflight.check(s).isEmpty());
            assertTrue(s.pahoOptions().startsWith("brokerUrl=ssl://127.0.0.1:" + broker.port), s.pahoOptions());

            // The line's own client, configured as the routes configure it, gets a message through.
            MqttClient client = new MqttClient(s.mqttBrokerUri(), MqttClient.generateClientId(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(s.mqttSocketFactory());
            client.connect(options);
            java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
            client.subscribe("flashline/test", (topic, message) -> got.countDown());
            client.publish("flashline/test", "hello".getBytes(), 1, false);
            assertTrue(got.await(5, TimeUnit.SECONDS), "message over TLS");
            client.disconnect();
            client.close();

            FlashlineException untrusted = assertThrows(FlashlineException.class,
                    () -> BrokerPreflight.check(settings(Map.of("flashline.mqtt.url", url))));
            assertTrue(untrusted.getMessage().contains("TLS") && untrusted.hint().contains("flashline.mqtt.ca-file"),
                    untrusted.getMessage());
        }
    }

    @Test
    void aBrokerNotReachableYetIsAWarningNamingIt() {
        int port = EmbeddedBroker.freePort();
        String warning = BrokerPreflight.check(settings(Map.of("flashline.mqtt.url", "mqtt://127.0.0.1:" + port))).orElseThrow();
        assertTrue(warning.contains("mqtt://127.0.0.1:" + port) && warning.contains("Cannot connect"), warning);
    }
}

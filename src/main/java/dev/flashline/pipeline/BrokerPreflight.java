package dev.flashline.pipeline;

import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Logs in to the broker once at start, as the line's own routes will, so a wrong user, password or
 * CA is a start-up error naming broker and user, before any operator powers up a device. A broker
 * that is merely not reachable yet is only a warning: the line's MQTT routes retry in the background
 * and each device's MQTT step reports it. Messages never carry the password.
 */
public final class BrokerPreflight {
    private static final int TIMEOUT_SECONDS = 10;

    private BrokerPreflight() {
    }

    /**
     * @return a warning when the broker could not be reached (the line may start anyway)
     * @throws FlashlineException (bad input) when the broker refuses the login or TLS fails
     */
    public static java.util.Optional<String> check(ProvisioningSettings settings) {
        String broker = settings.mqttDisplayUrl();
        String who = settings.mqttLogin() ? "user '" + settings.mqttUser() + "'" : "an anonymous client (flashline.mqtt.user is not set)";
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        options.setAutomaticReconnect(false);
        if (settings.mqttLogin()) {
            options.setUserName(settings.mqttUser());
            options.setPassword(settings.mqttPassword() == null ? new char[0] : settings.mqttPassword().toCharArray());
        }
        if (settings.mqttTls()) {
            options.setSocketFactory(settings.mqttSocketFactory());
        }
        MqttClient client = null;
        try {
            client = new MqttClient(settings.mqttBrokerUri(), "flashline-preflight-" + Long.toHexString(System.nanoTime()),
                    new MemoryPersistence());
            client.connect(options);
            client.disconnect();
            return java.util.Optional.empty();
        } catch (MqttException e) {
            FlashlineException failure = failure(e, broker, who, settings);
            if (failure.getMessage().startsWith("Cannot connect")) {
                return java.util.Optional.of(failure.getMessage() + ". " + failure.hint());
            }
            throw failure;
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException ignored) {
                    // Closing a client that never connected: nothing to release.
                }
            }
        }
    }

    private static FlashlineException failure(MqttException e, String broker, String who, ProvisioningSettings settings) {
        switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED:
                return FlashlineException.badInput("The MQTT broker " + broker + " refused the line's login as " + who
                        + " (" + (e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED ? "not authorised" : "bad user name or password") + ")",
                        settings.mqttLogin()
                                ? "Check flashline.mqtt.user and the password (FLASHLINE_MQTT_PASSWORD or flashline.mqtt.password) against the broker's users."
                                : "This broker wants a login: set flashline.mqtt.user and FLASHLINE_MQTT_PASSWORD.");
            default:
                break;
        }
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof SSLException)) {
            cause = cause.getCause();
        }
        if (cause != null) {
            return FlashlineException.badInput("TLS with the MQTT broker " + broker + " failed (" + cause.getMessage() + ")",
                    "Give the CA that signed the broker's certificate in flashline.mqtt.ca-file (PEM), and check that the "
                    + "broker's certificate names the host in flashline.mqtt.url.");
        }
        String detail = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        return FlashlineException.badInput("Cannot connect to the MQTT broker " + broker + " as " + who + ": " + detail,
                "Check that the broker runs and listens there (host, port, mqtt:// or mqtts://), and that no firewall is in the way.");
    }
}

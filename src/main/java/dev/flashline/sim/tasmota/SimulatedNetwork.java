package dev.flashline.sim.tasmota;

import java.time.Duration;
import java.util.Objects;

/**
 * The Wi-Fi the virtual devices see. A device joins only with exactly this SSID and password;
 * once joined it reaches real hosts, so the MQTT broker in its settings is a real one (an
 * embedded Moquette, a local Mosquitto). The retry interval replaces Tasmota's 10 s so that a
 * simulated run does not wait.
 */
public final class SimulatedNetwork {
    public static final Duration DEFAULT_MQTT_RETRY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MQTT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String ssid;
    private final String password;
    private final Duration mqttRetry;
    private final Duration mqttConnectTimeout;

    public SimulatedNetwork(String ssid, String password) {
        this(ssid, password, DEFAULT_MQTT_RETRY, DEFAULT_MQTT_CONNECT_TIMEOUT);
    }

    public SimulatedNetwork(String ssid, String password, Duration mqttRetry, Duration mqttConnectTimeout) {
        this.ssid = Objects.requireNonNull(ssid, "ssid");
        this.password = Objects.requireNonNull(password, "password");
        if (ssid.isEmpty()) {
            throw new IllegalArgumentException("SSID must not be empty");
        }
        if (mqttRetry.isNegative() || mqttRetry.isZero() || mqttConnectTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("MQTT retry must be positive and the connect timeout at least 1 s");
        }
        this.mqttRetry = mqttRetry;
        this.mqttConnectTimeout = mqttConnectTimeout;
    }

    /** The same network with another MQTT retry interval (tests use a few hundred ms). */
    public SimulatedNetwork withMqttRetry(Duration retry) {
        return new SimulatedNetwork(ssid, password, retry, mqttConnectTimeout);
    }

    public String ssid() {
        return ssid;
    }

    public boolean hasSsid(String candidate) {
        return ssid.equals(candidate);
    }

    /** True when a station configured with these credentials would join. */
    public boolean accepts(String candidateSsid, String candidatePassword) {
        return ssid.equals(candidateSsid) && password.equals(candidatePassword);
    }

    public Duration mqttRetry() {
        return mqttRetry;
    }

    public Duration mqttConnectTimeout() {
        return mqttConnectTimeout;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SimulatedNetwork[ssid=" + ssid + ", password=***]";
    }
}

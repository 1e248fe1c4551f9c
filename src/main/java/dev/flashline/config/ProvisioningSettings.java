package dev.flashline.config;

import dev.flashline.errors.FlashlineException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The station's provisioning settings, from config/application.properties (keys below) and the
 * environment. Passwords come from FLASHLINE_WIFI_PASSWORD / FLASHLINE_MQTT_PASSWORD when set (the
 * environment wins over the file), else from the config; in a simulated run missing ones are
 * generated. {@link #toString()} never shows them.
 *
 * <p>Keys: flashline.wifi.ssid, flashline.wifi.password, flashline.mqtt.host, flashline.mqtt.port,
 * flashline.mqtt.user, flashline.mqtt.password, flashline.station, flashline.data-dir,
 * flashline.concurrency, flashline.default-module, flashline.backlog (Tasmota commands separated by
 * ';', sent to every device), flashline.firmware (catalog entry to install; empty = catalog default).
 */
public record ProvisioningSettings(
        String wifiSsid,
        String wifiPassword,
        String mqttHost,
        int mqttPort,
        String mqttUser,
        String mqttPassword,
        String station,
        Path dataDir,
        int concurrency,
        String defaultModule,
        List<String> extraBacklog,
        String firmware,
        boolean simulate) {

    public static final String WIFI_PASSWORD_ENV = "FLASHLINE_WIFI_PASSWORD";
    public static final String MQTT_PASSWORD_ENV = "FLASHLINE_MQTT_PASSWORD";
    static final String CONFIG_FILE = "config/application.properties";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** From properties and the process environment. */
    public static ProvisioningSettings from(Properties properties, boolean simulate) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            config.put(key, properties.getProperty(key));
        }
        return from(config, System.getenv(), simulate);
    }

    public static ProvisioningSettings from(Map<String, String> config, Map<String, String> env, boolean simulate) {
        Reader r = new Reader(config);
        String ssid = r.text("flashline.wifi.ssid");
        if (ssid == null) {
            if (!simulate) {
                throw FlashlineException.badInput("Wi-Fi SSID missing: set flashline.wifi.ssid in " + CONFIG_FILE,
                        "Name the network the devices should join.");
            }
            ssid = "flashline-sim";
        }
        String wifiPassword = secret(r, env, "flashline.wifi.password", WIFI_PASSWORD_ENV, "Wi-Fi password", simulate);
        String host = r.text("flashline.mqtt.host");
        if (host == null) {
            if (!simulate) {
                throw FlashlineException.badInput("MQTT host missing: set flashline.mqtt.host in " + CONFIG_FILE,
                        "Give the broker's host name or IP address as the devices reach it.");
            }
            host = "127.0.0.1";
        }
        int port = r.integer("flashline.mqtt.port", 1883, 1, 65535);
        String user = r.text("flashline.mqtt.user");
        String mqttPassword = secret(r, env, "flashline.mqtt.password", MQTT_PASSWORD_ENV, "MQTT password", simulate);
        String station = r.text("flashline.station");
        if (station == null) {
            String hostName = env.get("HOSTNAME");
            station = hostName == null || hostName.isBlank() ? "flashline" : hostName.trim();
        }
        String dataDir = r.text("flashline.data-dir");
        int concurrency = r.integer("flashline.concurrency", 4, 1, 64);
        String module = r.text("flashline.default-module");
        if (module != null && !module.matches("\\d{1,3}")) {
            throw FlashlineException.badInput("flashline.default-module is '" + module + "' in " + CONFIG_FILE,
                    "Write the Tasmota module number (e.g. 1 for Sonoff Basic), or leave it empty.");
        }
        String backlog = r.text("flashline.backlog");
        List<String> extra = backlog == null ? List.of()
                : Arrays.stream(backlog.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ProvisioningSettings(ssid, wifiPassword, host, port, user, mqttPassword, station,
                Path.of(dataDir == null ? "data" : dataDir), concurrency, module, extra, r.text("flashline.firmware"), simulate);
    }

    private static String secret(Reader r, Map<String, String> env, String key, String envName, String what, boolean simulate) {
        String fromEnv = env.get(envName);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        String fromConfig = r.raw(key);
        if (fromConfig != null) {
            return fromConfig;
        }
        if (simulate) {
            byte[] bytes = new byte[9];
            RANDOM.nextBytes(bytes);
            return "sim-" + HexFormat.of().formatHex(bytes);
        }
        throw FlashlineException.badInput(what + " missing: set " + envName + " or " + key + " in " + CONFIG_FILE,
                "Export " + envName + " in the shell that starts flashline (or use --simulate for a run without devices).");
    }

    /** The secret values, for the audit log's masker. */
    public List<String> secrets() {
        return java.util.stream.Stream.of(wifiPassword, mqttPassword).filter(s -> s != null && !s.isEmpty()).toList();
    }

    /** The settings as the audit record's config field shows them: secrets as "***". */
    public Map<String, Object> auditView() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wifiSsid", wifiSsid);
        m.put("wifiPassword", "***");
        m.put("mqttHost", mqttHost);
        m.put("mqttPort", mqttPort);
        m.put("mqttUser", mqttUser);
        m.put("mqttPassword", "***");
        m.put("defaultModule", defaultModule);
        m.put("extraBacklog", extraBacklog);
        return m;
    }

    @Override
    public String toString() {
        return "ProvisioningSettings[wifiSsid=" + wifiSsid + ", wifiPassword=***, mqttHost=" + mqttHost
                + ", mqttPort=" + mqttPort + ", mqttUser=" + mqttUser + ", mqttPassword=***, station=" + station
                + ", dataDir=" + dataDir + ", concurrency=" + concurrency + ", defaultModule=" + defaultModule
                + ", extraBacklog=" + extraBacklog + ", firmware=" + firmware + ", simulate=" + simulate + "]";
    }

    /** Reads config values; a blank value or an unresolved placeholder counts as not set. */
    private record Reader(Map<String, String> config) {
        String text(String key) {
            String v = raw(key);
            return v == null ? null : v.trim();
        }

        /** Untrimmed (passwords may start or end with spaces), or null when unset. */
        String raw(String key) {
            String v = config.get(key);
            if (v == null || v.isBlank() || v.strip().matches("\\{\\{.*}}|\\$\\{.*}")) {
                return null;
            }
            return v;
        }

        int integer(String key, int fallback, int min, int max) {
            String v = text(key);
            if (v == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // Reported below with the allowed range.
            }
            throw FlashlineException.badInput(key + " is '" + v + "' in " + CONFIG_FILE,
                    "Write a whole number from " + min + " to " + max + ".");
        }
    }
}

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
 * ';', sent to every device), flashline.firmware (catalog entry to install; empty = catalog default),
 * flashline.mqtt.url (mqtt://HOST:PORT or mqtts://HOST:PORT, instead of host/port),
 * flashline.mqtt.ca-file (PEM CA for mqtts; default: the JDK's trust store), flashline.profile (the
 * batch's device profile id).
 *
 * <p>MQTT login: without flashline.mqtt.user the line and the devices connect anonymously and no
 * password is asked for. With a user, the password comes from FLASHLINE_MQTT_PASSWORD or
 * flashline.mqtt.password; a user without a password is written {@code flashline.mqtt.password=}
 * (present and empty).
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
        boolean simulate,
        boolean mqttTls,
        Path mqttCaFile,
        String profile) {

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
        return from(config, env, simulate, ConfigLocation.DEFAULT);
    }

    /** As {@link #from(Map, Map, boolean)}; complaints about a value name {@code where} it is written (file and line). */
    public static ProvisioningSettings from(Map<String, String> config, Map<String, String> env, boolean simulate,
                                            ConfigLocation where) {
        String configFile = where.file();
        Reader r = new Reader(config, where);
        String ssid = r.text("flashline.wifi.ssid");
        if (ssid == null) {
            if (!simulate) {
                throw FlashlineException.badInput("Wi-Fi SSID missing: set flashline.wifi.ssid in " + configFile,
                        "Name the network the devices should join.");
            }
            ssid = "flashline-sim";
        }
        String wifiPassword = writtenEmpty(config, env, "flashline.wifi.password", WIFI_PASSWORD_ENV) // an open network
                ? "" : secret(r, env, "flashline.wifi.password", WIFI_PASSWORD_ENV, "Wi-Fi password", simulate, configFile);
        String wifiFrom = env.get(WIFI_PASSWORD_ENV) != null && !env.get(WIFI_PASSWORD_ENV).isEmpty() ? WIFI_PASSWORD_ENV
                : where.of("flashline.wifi.password") + ": flashline.wifi.password";
        checkWifiPasswordLength(wifiPassword, configFile, wifiFrom);
        Broker broker = broker(r, simulate, configFile);
        String user = r.text("flashline.mqtt.user");
        String mqttPassword = null;
        if (user != null) {
            mqttPassword = writtenEmpty(config, env, "flashline.mqtt.password", MQTT_PASSWORD_ENV)
                    ? "" : secret(r, env, "flashline.mqtt.password", MQTT_PASSWORD_ENV, "MQTT password", simulate, configFile);
        }
        String caFile = r.text("flashline.mqtt.ca-file");
        if (caFile != null && !broker.tls()) {
            throw FlashlineException.badInput(where.of("flashline.mqtt.ca-file") + ": flashline.mqtt.ca-file is set but the broker is not reached over TLS",
                    "Write flashline.mqtt.url = mqtts://HOST:PORT, or drop flashline.mqtt.ca-file.");
        }
        String station = r.text("flashline.station");
        if (station == null) {
            String hostName = env.get("HOSTNAME");
            station = hostName == null || hostName.isBlank() ? "flashline" : hostName.trim();
        }
        String dataDir = r.text("flashline.data-dir");
        int concurrency = r.integer("flashline.concurrency", 4, 1, 64);
        String module = r.text("flashline.default-module");
        if (module != null && !module.matches("\\d{1,3}")) {
            throw FlashlineException.badInput(where.of("flashline.default-module") + ": flashline.default-module is '" + module + "'",
                    "Write the Tasmota module number (e.g. 1 for Sonoff Basic), or leave it empty.");
        }
        String backlog = r.text("flashline.backlog");
        List<String> extra = backlog == null ? List.of()
                : Arrays.stream(backlog.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ProvisioningSettings(ssid, wifiPassword, broker.host(), broker.port(), user, mqttPassword, station,
                Path.of(dataDir == null ? "data" : dataDir), concurrency, module, extra, r.text("flashline.firmware"), simulate,
                broker.tls(), caFile == null ? null : Path.of(caFile), r.text("flashline.profile"));
    }

    /** A secret the config writes as empty on purpose ("key =") and the environment does not set: no secret at all. */
    private static boolean writtenEmpty(Map<String, String> config, Map<String, String> env, String key, String envName) {
        String written = config.get(key);
        return written != null && written.isEmpty() && (env.get(envName) == null || env.get(envName).isEmpty());
    }

    /**
     * A WPA2 passphrase has 8 to 63 characters (64 hex digits for a raw key) and Tasmota refuses 4 or
     * fewer: a shorter one is a typo, and one too short to tell apart from ordinary words in a log.
     * Empty means an open network. The message gives the length, never the value.
     */
    private static void checkWifiPasswordLength(String password, String configFile, String from) {
        if (password != null && !password.isEmpty() && (password.length() < 8 || password.length() > 64)) {
            throw FlashlineException.badInput((from.startsWith(WIFI_PASSWORD_ENV) ? "The Wi-Fi password (" + WIFI_PASSWORD_ENV + ")"
                            : from.replaceFirst(": flashline.wifi.password$", ": the Wi-Fi password (flashline.wifi.password)"))
                            + " has " + password.length() + " characters",
                    "WPA2 passwords have 8 to 63 characters (64 for a hex key); for an open network write"
                            + " 'flashline.wifi.password =' (empty) in " + configFile + ".");
        }
    }

    private record Broker(String host, int port, boolean tls) {
    }

    /** flashline.mqtt.url (mqtt:// or mqtts://) or flashline.mqtt.host + flashline.mqtt.port. */
    private static Broker broker(Reader r, boolean simulate, String configFile) {
        String url = r.text("flashline.mqtt.url");
        if (url != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(mqtts?)://([^:/\\s]+|\\[[0-9a-fA-F:]+])(?::(\\d{1,5}))?/?")
                    .matcher(url);
            if (!m.matches()) {
                if (url.matches("(?s)[^/]*//[^/]*@.*")) { // a login inside the URL: never echo it
                    throw FlashlineException.badInput(r.where("flashline.mqtt.url") + ": flashline.mqtt.url carries a login"
                            + " (USER:PASSWORD@), which flashline does not take from the URL",
                            "Write mqtt://HOST:PORT, the user in flashline.mqtt.user and the password in " + MQTT_PASSWORD_ENV + ".");
                }
                throw FlashlineException.badInput(r.where("flashline.mqtt.url") + ": flashline.mqtt.url is '" + url + "'",
                        "Write mqtt://HOST:PORT (plain) or mqtts://HOST:PORT (TLS), e.g. mqtt://broker.lan:1883.");
            }
            if (r.text("flashline.mqtt.host") != null) {
                throw FlashlineException.badInput(r.where("flashline.mqtt.host") + ": Both flashline.mqtt.url and flashline.mqtt.host are set",
                        "Keep one: the url (mqtt://HOST:PORT) or host and port.");
            }
            boolean tls = m.group(1).equalsIgnoreCase("mqtts");
            int port = m.group(3) == null ? (tls ? 8883 : 1883) : Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw FlashlineException.badInput(r.where("flashline.mqtt.url") + ": flashline.mqtt.url has port " + port,
                        "Use a port from 1 to 65535.");
            }
            return new Broker(m.group(2), port, tls);
        }
        String host = r.text("flashline.mqtt.host");
        if (host == null) {
            if (!simulate) {
                throw FlashlineException.badInput("MQTT broker missing: set flashline.mqtt.url (or flashline.mqtt.host) in " + configFile,
                        "Give the broker as the devices reach it, e.g. flashline.mqtt.url = mqtt://192.168.1.10:1883.");
            }
            host = "127.0.0.1";
        }
        return new Broker(host, r.integer("flashline.mqtt.port", 1883, 1, 65535), false);
    }

    /** The broker as Paho addresses it: tcp://HOST:PORT, or ssl://HOST:PORT for mqtts. */
    public String mqttBrokerUri() {
        return (mqttTls ? "ssl://" : "tcp://") + mqttHost + ":" + mqttPort;
    }

    /** The broker as people write it, for messages: mqtt://HOST:PORT or mqtts://HOST:PORT. */
    public String mqttDisplayUrl() {
        return (mqttTls ? "mqtts://" : "mqtt://") + mqttHost + ":" + mqttPort;
    }

    /**
     * The broker settings as Tasmota takes them: host, port, and user and password, where Tasmota's
     * '"' clears a text (an anonymous line clears the device's default DVES_USER / DVES_PASS, so the
     * device connects anonymously too; an empty password is sent as '"', since "MqttPassword" alone
     * only asks for the current value).
     */
    public List<String> tasmotaMqttCommands() {
        return List.of("MqttHost " + mqttHost, "MqttPort " + mqttPort,
                "MqttUser " + (mqttUser == null ? "\"" : mqttUser),
                "MqttPassword " + (mqttPassword == null || mqttPassword.isEmpty() ? "\"" : mqttPassword));
    }

    /** Whether the line logs in (false: anonymous). */
    public boolean mqttLogin() {
        return mqttUser != null;
    }

    /**
     * TLS socket factory for the line's own MQTT connections (mqtts), trusting flashline.mqtt.ca-file
     * when given; null for plain MQTT. The routes' paho endpoints find it as bean
     * {@value #MQTT_SOCKET_FACTORY_BEAN}.
     */
    public javax.net.ssl.SSLSocketFactory mqttSocketFactory() {
        return mqttTls ? dev.flashline.tls.PemTrust.context(mqttCaFile, "the MQTT broker " + mqttDisplayUrl()).getSocketFactory() : null;
    }

    public static final String MQTT_SOCKET_FACTORY_BEAN = "mqttSocketFactory";

    /**
     * The query options of the line's own paho endpoints: broker, then login only when a user is set
     * (an empty password stays empty), then the TLS socket factory bean for mqtts.
     */
    public String pahoOptions() {
        String options = "brokerUrl=" + mqttBrokerUri();
        if (mqttUser != null) {
            options += "&userName=RAW(" + mqttUser + ")&password=RAW(" + (mqttPassword == null ? "" : mqttPassword) + ")";
        }
        if (mqttTls) {
            options += "&socketFactory=#" + MQTT_SOCKET_FACTORY_BEAN;
        }
        return options;
    }

    private static String secret(Reader r, Map<String, String> env, String key, String envName, String what, boolean simulate,
                                 String configFile) {
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
        throw FlashlineException.badInput(what + " missing: set " + envName + " or " + key + " in " + configFile,
                "Export " + envName + " in the shell that starts flashline (or use --simulate for a run without devices)."
                + (key.contains("mqtt") ? " For a broker without login leave flashline.mqtt.user unset; for a user without"
                + " password write '" + key + "=' (empty)." : ""));
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
        m.put("mqttPassword", mqttUser == null ? null : "***");
        m.put("mqttTls", mqttTls);
        m.put("defaultModule", defaultModule);
        m.put("extraBacklog", extraBacklog);
        return m;
    }

    @Override
    public String toString() {
        return "ProvisioningSettings[wifiSsid=" + wifiSsid + ", wifiPassword=***, mqttHost=" + mqttHost
                + ", mqttPort=" + mqttPort + ", mqttUser=" + mqttUser + ", mqttPassword=***, station=" + station
                + ", dataDir=" + dataDir + ", concurrency=" + concurrency + ", defaultModule=" + defaultModule
                + ", extraBacklog=" + extraBacklog + ", firmware=" + firmware + ", simulate=" + simulate
                + ", mqttTls=" + mqttTls + ", mqttCaFile=" + mqttCaFile + ", profile=" + profile + "]";
    }

    /** Reads config values; a blank value or an unresolved placeholder counts as not set. */
    private record Reader(Map<String, String> config, ConfigLocation location) {
        String where(String key) {
            return location.of(key);
        }

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
            throw FlashlineException.badInput(where(key) + ": " + key + " is '" + v + "'",
                    "Write a whole number from " + min + " to " + max + ".");
        }
    }
}

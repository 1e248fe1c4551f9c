package dev.flashline.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces secret values (Wi-Fi and MQTT passwords) with "***" wherever they occur, and the values of
 * secret-looking keys ("password", "secret", "token") in configuration maps. The audit log passes every
 * record through it, so even an exception message that quotes a password is written masked.
 */
public final class SecretMasker {
    public static final String MASK = "***";

    private final List<String> secrets;

    public SecretMasker(Collection<String> secrets) {
        // Longest first: a secret containing another is replaced whole, not left half-visible.
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public static SecretMasker of(String... secrets) {
        return new SecretMasker(java.util.Arrays.asList(secrets));
    }

    public static SecretMasker none() {
        return new SecretMasker(List.of());
    }

    /** Whether a configuration key names a secret (wifi.password, MqttPassword, Password1, apiToken...). */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.contains("secret") || k.contains("token")
                || k.equals("pwd") || k.endsWith(".pwd");
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** A copy of a configuration map with secret keys set to "***" and secret values masked inside strings. */
    public Map<String, Object> maskConfig(Map<String, ?> config) {
        if (config == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((key, value) -> out.put(key, isSecretKey(key) && value != null ? MASK : maskValue(value)));
        return out;
    }

    private Object maskValue(Object value) {
        if (value instanceof String s) {
            return mask(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> nested = new LinkedHashMap<>();
            m.forEach((k, v) -> nested.put(String.valueOf(k), v));
            return maskConfig(nested);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(this::maskValue).toList();
        }
        return value;
    }

    /** Masks a JSON tree in place: every string value, and every value under a secret-looking key. */
    public JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (isSecretKey(name) && !child.isNull()) {
                    object.put(name, MASK);
                } else if (child.isTextual()) {
                    object.set(name, TextNode.valueOf(mask(child.textValue())));
                } else {
                    mask(child);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual()) {
                    array.set(i, TextNode.valueOf(mask(child.textValue())));
                } else {
                    mask(child);
                }
            }
        }
        return node;
    }
}

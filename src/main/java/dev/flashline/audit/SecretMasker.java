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
 * The last safety net for secrets (Wi-Fi and MQTT passwords) in text the line did not build itself
 * (exception messages, device output). A secret of {@value #ANYWHERE_LENGTH} characters or more cannot
 * turn up by accident and is replaced by "***" wherever it occurs; a shorter one only where it stands
 * as a whole token (between white space, quotes, brackets or = : , ; @ and the ends of the text), so
 * that a short or common password ("tasmota", "12345678") cannot garble "tasmota-demo" or a byte
 * count. Values
 * of secret-looking keys ("password", "secret", "token") in configuration maps and JSON are masked
 * whatever they hold. Text the line builds keeps secrets out by construction instead.
 */
public final class SecretMasker {
    public static final String MASK = "***";
    /** From this length on a secret is masked even inside longer words. */
    public static final int ANYWHERE_LENGTH = 12;
    /** Characters that end a token besides white space: quotes, brackets and the separators of commands and JSON. */
    private static final String TOKEN_EDGES = "\"'`=:,;@()[]{}<>";

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
            out = secret.length() >= ANYWHERE_LENGTH ? out.replace(secret, MASK) : maskTokens(out, secret);
        }
        return out;
    }

    private static String maskTokens(String text, String secret) {
        int at = text.indexOf(secret);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int end = at + secret.length();
            if (isBoundary(text, at - 1) && isBoundary(text, end)) {
                out.append(text, copied, at).append(MASK);
                copied = end;
                at = text.indexOf(secret, end);
            } else {
                at = text.indexOf(secret, at + 1);
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Whether the character at {@code index} may stand beside a token (the ends of the text count). */
    private static boolean isBoundary(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return true;
        }
        char c = text.charAt(index);
        return Character.isWhitespace(c) || TOKEN_EDGES.indexOf(c) >= 0;
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

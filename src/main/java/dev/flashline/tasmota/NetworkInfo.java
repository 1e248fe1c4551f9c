package dev.flashline.tasmota;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a device is on the network: IP address, host name and Wi-Fi signal (RSSI as Tasmota
 * reports it, a 0–100 quality figure), each null until the console or a status answer told it.
 */
public record NetworkInfo(String ip, String hostname, Integer rssi) {
    public static final NetworkInfo UNKNOWN = new NetworkInfo(null, null, null);

    /** This, with every field {@code other} knows replacing the one here. */
    public NetworkInfo merge(NetworkInfo other) {
        return new NetworkInfo(other.ip != null ? other.ip : ip,
                other.hostname != null ? other.hostname : hostname,
                other.rssi != null ? other.rssi : rssi);
    }

    public boolean isEmpty() {
        return ip == null && hostname == null && rssi == null;
    }

    /**
     * From a Status 5 answer {@code {"StatusNET":{"Hostname":..,"IPAddress":..}}}, a Status 11
     * answer {@code {"StatusSTS":{..,"Wifi":{"RSSI":..}}}}, a Status 0 answer holding both, or
     * a tele STATE message ({@code {..,"Wifi":{"RSSI":..}}}). 0.0.0.0 means "no address".
     */
    public static NetworkInfo fromStatus(JsonNode answer) {
        NetworkInfo info = UNKNOWN;
        JsonNode net = answer.path("StatusNET");
        if (net.isObject()) {
            String ip = text(net, "IPAddress");
            info = info.merge(new NetworkInfo("0.0.0.0".equals(ip) ? null : ip, text(net, "Hostname"), null));
        }
        JsonNode sts = answer.has("StatusSTS") ? answer.path("StatusSTS") : answer;
        JsonNode wifi = sts.path("Wifi");
        if (wifi.isObject() && wifi.path("RSSI").canConvertToInt() && wifi.path("RSSI").isNumber()) {
            info = info.merge(new NetworkInfo(null, null, wifi.path("RSSI").asInt()));
        }
        return info;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}

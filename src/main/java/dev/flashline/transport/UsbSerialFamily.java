package dev.flashline.transport;

import java.util.Map;

/**
 * The USB-serial chip family behind a USB VID:PID, as people name them when buying adapters
 * (CH340, CP210x, FTDI, PL2303…). Ids are the vendors' published ones.
 */
public final class UsbSerialFamily {
    private static final Map<String, String> BY_ID = Map.ofEntries(
            Map.entry("1a86:7523", "CH340"),
            Map.entry("1a86:7522", "CH340"),
            Map.entry("1a86:5523", "CH341"),
            Map.entry("1a86:55d3", "CH343"),
            Map.entry("1a86:55d4", "CH9102"),
            Map.entry("10c4:ea60", "CP210x"),
            Map.entry("10c4:ea70", "CP2105"),
            Map.entry("10c4:ea71", "CP2108"),
            Map.entry("0403:6001", "FTDI FT232R"),
            Map.entry("0403:6010", "FTDI FT2232"),
            Map.entry("0403:6011", "FTDI FT4232"),
            Map.entry("0403:6014", "FTDI FT232H"),
            Map.entry("0403:6015", "FTDI FT231X"),
            Map.entry("067b:2303", "PL2303"),
            Map.entry("067b:23a3", "PL2303"),
            Map.entry("303a:0002", "ESP32-S2 native USB"),
            Map.entry("303a:1001", "ESP32-S3/C3 native USB (Serial/JTAG)"));

    private UsbSerialFamily() {
    }

    /** The family for "vvvv:pppp" (lower-case hex), "unknown" for other USB ids, "" for non-USB ports. */
    public static String of(String usbId) {
        if (usbId == null || usbId.isEmpty()) {
            return "";
        }
        String family = BY_ID.get(usbId.toLowerCase(java.util.Locale.ROOT));
        if (family != null) {
            return family;
        }
        if (usbId.startsWith("303a:")) {
            return "Espressif native USB";
        }
        return "unknown";
    }
}

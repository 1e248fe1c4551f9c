package dev.flashline.config;

import java.util.Locale;
import java.util.Optional;

/** MAC addresses as people type them (AA-BB-..., aa:bb:..., aabbcc...) in one canonical form. */
public final class MacAddress {
    private MacAddress() {
    }

    /** "aa:bb:cc:dd:ee:ff", or empty if the text is not a MAC address. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        String hex;
        if (t.matches("[0-9a-f]{2}([:-])[0-9a-f]{2}(\\1[0-9a-f]{2}){4}")) {
            hex = t.replaceAll("[:-]", "");
        } else if (t.matches("[0-9a-f]{12}")) {
            hex = t;
        } else {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return Optional.of(out.toString());
    }

    /** The last three bytes in upper-case hex, as Tasmota uses them in default names: "DDEEFF". */
    public static String suffix(String normalizedMac) {
        return normalizedMac.substring(9).replace(":", "").toUpperCase(Locale.ROOT);
    }
}

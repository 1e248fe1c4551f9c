package dev.flashline.tasmota;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the boot line says about the firmware. Tasmota prints it once per boot, in these forms:
 * <pre>
 *   Project sonoff Sonoff (Topic sonoff, Fallback DVES_1A2B3C, GroupTopic sonoffs) Version 6.3.0(sonoff)-2_3_0
 *   Project sonoff Sonoff Version 6.5.0(sonoff)-2_4_2
 *   Project tasmota Kitchen Plug Version 8.3.1(tasmota)-2_7_1
 *   Project tasmota Tasmota Version 9.4.0.5(tasmota)-2_7_4_9(2021-06-07T19:20:33)
 *   Project tasmota - Tasmota Version 14.3.0(release-tasmota)-2_7_8(2024-11-06T00:00:00)
 * </pre>
 * The word before "Version" is the FriendlyName (up to 8.2) or the DeviceName (from 8.3): any
 * text the user chose, so it is taken as everything up to the last " Version ".
 *
 * @param project    "tasmota" (from 7.0) or "sonoff"
 * @param deviceName DeviceName / FriendlyName as printed (may contain spaces)
 * @param version    all numeric parts and any letter suffix, e.g. "9.4.0.5", "5.12.0a"
 * @param image      the image name without parentheses ("tasmota", "release-tasmota"), or ""
 * @param core       the Arduino core release, e.g. "2_7_4_9"
 * @param buildDate  build date and time as printed (9.1 on), or ""
 */
public record TasmotaBuild(String project, String deviceName, String version, String image, String core,
                           String buildDate) {
    private static final Pattern BOOT = Pattern.compile(
            "^Project (\\S+) (?:- )?(.*) Version (\\d+\\.\\d+\\.\\d+(?:\\.\\d+)*[a-z]?)(?:\\(([^)]*)\\))?"
                    + "(?:-([^\\s(]+))?(?:\\(([^)]*)\\))?\\s*$");
    private static final Pattern OLD_TOPICS = Pattern.compile("^(.*) \\(Topic [^)]*\\)$");

    /** The boot line's content (the log message, without stamp), if it is one. */
    public static Optional<TasmotaBuild> parse(String message) {
        Matcher m = BOOT.matcher(message.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(2);
        Matcher topics = OLD_TOPICS.matcher(name);
        if (topics.matches()) {
            name = topics.group(1);
        }
        return Optional.of(new TasmotaBuild(m.group(1), name, m.group(3), nullToEmpty(m.group(4)),
                nullToEmpty(m.group(5)), nullToEmpty(m.group(6))));
    }

    /** Version with image as Tasmota reports it in Status 2 and INFO1: "9.4.0.5(tasmota)". */
    public String fullVersion() {
        return image.isEmpty() ? version : version + "(" + image + ")";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package dev.flashline.catalog;

import dev.flashline.errors.FlashlineException;
import dev.flashline.units.ByteSize;
import dev.flashline.image.Esp32Firmware;
import dev.flashline.image.Esp8266Image;
import dev.flashline.image.ImageChip;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a file is the Tasmota build a catalog entry names before it is pinned, by the entry's
 * chip: for esp8266 / esp8285 a valid ESP8266 image (header, segments, checksum:
 * {@link Esp8266Image}); for esp32 / esp32c3 a Tasmota32 factory or app-only image for that chip
 * ({@link Tasmota32ImageCheck}); an image for another chip is refused, naming the chip it is for.
 * Then Tasmota's image marker, the entry's version, and small enough for the entry's flash.
 *
 * <p>Facts from Tasmota's source: every build links the 12-byte {@code VERSION_MARKER}
 * (words 0x5AA55AA5, 0xFFFFFFFF, 0xA55AA55A, little-endian in flash), which Tasmota's own upgrade
 * looks for; the version is the constant {@code TASMOTA_VERSION} = major&lt;&lt;24 | minor&lt;&lt;16 |
 * patch&lt;&lt;8 | sub (e.g. 0x0E030000 for 14.3.0), which the compiler stores as a 32-bit literal. The
 * version is also accepted as plain text ("15.2.0", not inside a longer number), for builds that
 * spell it out. Either form counts.
 */
public final class TasmotaImageCheck {
    private static final byte[] MARKER = {
            (byte) 0xA5, 0x5A, (byte) 0xA5, 0x5A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            0x5A, (byte) 0xA5, 0x5A, (byte) 0xA5};
    /** The ESP8266 SDK keeps its system parameters in the last 16 KB of flash; firmware must stay below. */
    static final int SDK_RESERVED = 16 * 1024;
    private static final Pattern VERSION = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:\\.(\\d{1,3}))?");

    private TasmotaImageCheck() {
    }

    /** The Tasmota image marker bytes as they lie in flash (for tests that build images). */
    public static byte[] marker() {
        return MARKER.clone();
    }

    /**
     * @param label   names the file in messages
     * @param version the version the entry expects, e.g. "15.2.0"
     * @throws FlashlineException (bad input) saying what is wrong and what to do
     */
    public static void check(byte[] image, String label, FirmwareEntry entry, String version) {
        Optional<ImageChip> esp32Family = Tasmota32ImageCheck.forEntry(entry.chip());
        if (esp32Family.isEmpty() && "any".equals(entry.chip())) {
            esp32Family = Tasmota32ImageCheck.builtFor(image); // "any": the file says which chip it is for
        }
        if (esp32Family.isPresent()) {
            checkTasmota32(image, label, entry, version, esp32Family.get());
            return;
        }
        Optional<ImageChip> builtFor = Tasmota32ImageCheck.builtFor(image);
        if (builtFor.isPresent()) {
            throw FlashlineException.badInput(label + " is a " + builtFor.get().tasmotaBuild() + " build for the "
                    + builtFor.get().displayName() + ", but catalog entry '" + entry.name() + "' is for the " + entry.chip()
                    + "; nothing was pinned", "Use the ESP8266 build (tasmota.bin), or pin this file under an entry with chip: "
                    + builtFor.get().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        Esp8266Image.parse(image, label);
        requireMarker(image, label, "an ESP8266 image", "tasmota.bin");

        requireVersion(image, label, version);
        int room = entry.minFlashBytes() - SDK_RESERVED;
        if (image.length > room) {
            throw FlashlineException.badInput(label + " is " + image.length + " bytes; entry '" + entry.name() + "' is for "
                    + ByteSize.format(entry.minFlashBytes()) + " flash, which leaves " + room + " bytes for firmware",
                    "Use a smaller build (tasmota-lite) or fix minFlash of '" + entry.name() + "' in " + entry.catalogFile() + ".");
        }
    }

    private static void checkTasmota32(byte[] image, String label, FirmwareEntry entry, String version, ImageChip chip) {
        Esp32Firmware firmware = Tasmota32ImageCheck.check(image, label, entry, chip);
        // Tasmota's marker and version live in the app; the bootloader and partition table carry neither.
        int appStart = firmware.kind() == Esp32Firmware.Kind.FACTORY ? firmware.app().offset() : 0;
        byte[] app = java.util.Arrays.copyOfRange(image, appStart, appStart + firmware.app().length());
        requireMarker(app, label, "an " + chip.displayName() + " image", chip.tasmotaBuild() + ".factory.bin");
        if (chip == ImageChip.ESP32C3 && !carriesVersion(app, version)) {
            int[] p = parse(version).orElseThrow();
            if (RiscvConstantLoad.present(app, p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3])) {
                return; // RISC-V code builds TASMOTA_VERSION in its instructions rather than keeping it as a word
            }
        }
        requireVersion(app, label, version);
    }

    private static void requireMarker(byte[] image, String label, String what, String build) {
        if (indexOf(image, MARKER, 0) < 0) {
            throw FlashlineException.badInput(label + " is " + what + " but not a Tasmota build (Tasmota's image marker is missing)",
                    "Use a Tasmota release build (e.g. " + build + " from github.com/arendst/Tasmota/releases).");
        }
    }

    private static void requireVersion(byte[] image, String label, String version) {
        if (!carriesVersion(image, version)) {
            throw FlashlineException.badInput(label + " does not carry Tasmota version " + version
                    + " (neither as text nor as Tasmota's version constant)",
                    "The file is another release than the one named. Fetch NAME@VERSION with the version the file "
                    + "really is, or use the file of release " + version + ".");
        }
    }

    static boolean carriesVersion(byte[] image, String version) {
        Optional<int[]> parts = parse(version);
        if (parts.isEmpty()) {
            throw FlashlineException.badInput("'" + version + "' is not a Tasmota version",
                    "Write versions as MAJOR.MINOR.PATCH, e.g. 15.2.0.");
        }
        int[] p = parts.get();
        int constant = p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
        byte[] literal = {(byte) constant, (byte) (constant >> 8), (byte) (constant >> 16), (byte) (constant >>> 24)};
        return containsText(image, version) || indexOf(image, literal, 0) >= 0;
    }

    static Optional<int[]> parse(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int[] p = new int[4];
        for (int i = 0; i < 4; i++) {
            p[i] = m.group(i + 1) == null ? 0 : Integer.parseInt(m.group(i + 1));
            if (p[i] > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(p);
    }

    /** The text, not as part of a longer version ("15.2.0" must not match inside "115.2.0" or "15.2.01"). */
    private static boolean containsText(byte[] image, String version) {
        byte[] text = version.getBytes(StandardCharsets.US_ASCII);
        for (int at = indexOf(image, text, 0); at >= 0; at = indexOf(image, text, at + 1)) {
            boolean before = at > 0 && isVersionChar(image[at - 1]);
            int end = at + text.length;
            boolean after = end < image.length && (Character.isDigit(image[end])
                    || (image[end] == '.' && end + 1 < image.length && Character.isDigit(image[end + 1])));
            if (!before && !after) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVersionChar(byte b) {
        return Character.isDigit(b) || b == '.';
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package dev.flashline.loader;

import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a connection that did not sync, from what was on the line. The causes are the usual
 * reasons for "Failed to connect": wiring (nothing at all), a loopback (our bytes come back), the
 * chip booting from flash because GPIO0 was not low, another boot mode, an ESP32-family chip.
 */
public final class LinkDiagnosis {
    // ESP8266 ROM banner: "ets Jan  8 2013,rst cause:2, boot mode:(3,6)"; mode 1 is UART download.
    private static final Pattern ESP8266_BOOT_MODE = Pattern.compile("boot mode:\\((\\d+),(\\d+)\\)");
    // ESP32-family ROM banners: "ESP-ROM:esp32s3-20210327", or the original ESP32's "rst:0x1 (...),boot:0x13".
    private static final Pattern ESP_ROM_NAME = Pattern.compile("ESP-ROM:(esp32[a-z0-9]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ESP32_BOOT = Pattern.compile("rst:0x[0-9a-f]+ \\([A-Z_]+\\),boot:0x[0-9a-f]+");

    private LinkDiagnosis() {
    }

    public static Diagnosis explain(SyncObservation seen, String port) {
        String text = new String(seen.strayBytes(), StandardCharsets.ISO_8859_1);
        Matcher rom = ESP_ROM_NAME.matcher(text);
        if (rom.find()) {
            return esp32(chipName(rom.group(1)));
        }
        if (ESP32_BOOT.matcher(text).find()) {
            return esp32("ESP32");
        }
        Matcher mode = ESP8266_BOOT_MODE.matcher(text);
        if (mode.find()) {
            int bootMode = Integer.parseInt(mode.group(1));
            if (bootMode == 3) {
                return new Diagnosis(Diagnosis.BOOT_FROM_FLASH,
                        "The chip booted from flash (ROM banner \"" + mode.group() + "\"): GPIO0 was not held low at power-up.",
                        Hint.of("Hold the button (GPIO0 to GND) while you apply power, release it after a second, then run again"
                                + " with {} wait or no-reset. On a Sonoff the button is GPIO0.", Setting.BEFORE));
            }
            if (bootMode == 1) {
                return new Diagnosis(Diagnosis.GARBAGE,
                        "The chip is in download mode (\"" + mode.group() + "\") and talks, but never answered our SYNC.",
                        "The adapter's TX does not reach the chip's RX: check that wire (TX→RX), and that the adapter is at 3.3 V logic.");
            }
            return new Diagnosis(Diagnosis.WRONG_BOOT_MODE,
                    "The chip started in boot mode " + bootMode + " (\"" + mode.group() + "\"), not in UART download mode (1).",
                    "Download mode needs GPIO0 low, GPIO2 high and GPIO15 low at power-up: check the strapping pins"
                            + " (pull-ups/downs) and hold the button while powering up.");
        }
        if (seen.echoSeen()) {
            return new Diagnosis(Diagnosis.ECHO,
                    "What was sent came back unchanged: the adapter's TX is looped to its RX.",
                    "Cross the wires: adapter TX → chip RX, adapter RX → chip TX; and make sure nothing else"
                            + " (e.g. a jumper on the adapter) shorts TX to RX.");
        }
        if (seen.bytesReceived() == 0) {
            return new Diagnosis(Diagnosis.NO_DATA,
                    "Nothing at all was received on " + port + ".",
                    "Check, in this order: TX/RX crossed (adapter TX → chip RX, RX → TX); a common GND;"
                            + " a solid 3.3 V supply (USB adapters' 3.3 V pins are often too weak: use a separate"
                            + " regulator); the device powered up in download mode (button held).");
        }
        return new Diagnosis(Diagnosis.GARBAGE,
                "Bytes arrived (" + seen.bytesReceived() + ") but neither a loader answer nor a ROM banner: "
                        + preview(seen.strayBytes()),
                "Usually a wrong baud rate, a noisy or too long cable, or a weak supply resetting the chip;"
                        + " also check that the device is an ESP8266 in download mode.");
    }

    static Diagnosis esp32(String chip) {
        if (chip.equals("ESP32") || chip.equals("ESP32-C3")) {
            return new Diagnosis(Diagnosis.ESP32_FAMILY, chip + " detected (its ROM banner), but it did not answer the loader",
                    Hint.of("It booted its firmware instead of download mode: hold BOOT (GPIO0 on the ESP32, GPIO9 on the"
                            + " ESP32-C3) low while powering up, then run again with {} wait or no-reset.", Setting.BEFORE));
        }
        return new Diagnosis(Diagnosis.ESP32_FAMILY, chip + " detected",
                chip + " is an ESP32-family chip flashline does not drive: it flashes ESP8266 / ESP8285, ESP32 and ESP32-C3.");
    }

    private static String chipName(String romName) {
        String lower = romName.toLowerCase(Locale.ROOT);
        return lower.equals("esp32") ? "ESP32" : "ESP32-" + lower.substring(5).toUpperCase(Locale.ROOT);
    }

    private static String preview(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 24); i++) {
            sb.append(String.format("%02x ", bytes[i]));
        }
        return bytes.length == 0 ? "(only packets that were not answers)" : sb.toString().trim();
    }
}

package dev.flashline.image;

import dev.flashline.errors.FlashlineException;
import java.util.Locale;

/** SPI flash clock in the low nibble of header byte 3, ESP32 / ESP32-C3 encoding. */
public enum Esp32FlashFrequency {
    F80M(0xF), F40M(0x0), F26M(0x1), F20M(0x2);

    private final int code;

    Esp32FlashFrequency(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** "80m", "40m", "26m", "20m" (esptool's spellings). */
    public static Esp32FlashFrequency parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Esp32FlashFrequency f : values()) {
            if (f.name().substring(1).toLowerCase(Locale.ROOT).equals(t)) {
                return f;
            }
        }
        throw FlashlineException.badInput("Unknown flash frequency '" + text + "'", "Use keep, 80m, 40m, 26m or 20m.");
    }
}

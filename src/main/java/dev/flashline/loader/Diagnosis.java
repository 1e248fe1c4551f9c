package dev.flashline.loader;

import dev.flashline.errors.Hint;

/** Why a device does (or does not) connect: a code from the contract, what was seen, what to try. */
public record Diagnosis(String cause, String detail, Hint advice) {
    public static final String OK = "ok";
    public static final String NO_DATA = "no-data";
    public static final String ECHO = "echo";
    public static final String BOOT_FROM_FLASH = "boot-from-flash";
    public static final String WRONG_BOOT_MODE = "wrong-boot-mode";
    public static final String ESP32_FAMILY = "esp32-family";
    public static final String GARBAGE = "garbage";

    public Diagnosis(String cause, String detail, String hint) {
        this(cause, detail, Hint.text(hint));
    }

    /** What to try, settings named neutrally; front ends render {@link #advice()} themselves. */
    public String hint() {
        return advice.toString();
    }

    public boolean ok() {
        return OK.equals(cause);
    }
}

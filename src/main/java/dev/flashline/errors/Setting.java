package dev.flashline.errors;

import java.util.Locale;

/**
 * A setting a hint may tell the user to change. The engine names the setting, never a front end's
 * spelling of it: each front end renders it ({@code --baud} on the command line,
 * {@code flashline.baud} in the line's configuration) through its own {@link Names}.
 */
public enum Setting {
    /** Which port to use. */
    PORT,
    /** The baud rate once a stub runs. */
    BAUD,
    /** How to reach download mode before connecting (default-reset, no-reset, wait). */
    BEFORE,
    /** What the device does when the work is done (soft-reset, no-reset). */
    AFTER,
    /** A flasher stub file instead of the bundled one. */
    STUB,
    /** ROM loader only, no stub. */
    NO_STUB,
    /** How long to wait for a device in download mode. */
    WAIT_TIMEOUT,
    /** Flash address to write, read or verify at. */
    OFFSET,
    /** How many bytes to read. */
    SIZE,
    /** Flash mode written into an image header. */
    FLASH_MODE,
    /** Flash size written into an image header. */
    FLASH_SIZE;

    /** The neutral name, e.g. "no-stub": what {@link FlashlineException#hint()} shows without a front end. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A front end's spelling of settings. */
    @FunctionalInterface
    public interface Names {
        Names NEUTRAL = Setting::key;

        String of(Setting setting);
    }
}

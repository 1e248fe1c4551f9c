package dev.flashline.camel;

import java.util.Locale;

/** What an {@code esp:} endpoint does; the URI path names it. */
public enum EspOperation {
    DEVICES, IDENTIFY, BACKUP, FLASH, VERIFY, ERASE, SOFT_RESET, CONSOLE, CLOSE;

    static EspOperation parse(String path) {
        String key = path.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_').toUpperCase(Locale.ROOT);
        try {
            return valueOf(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown esp: operation '" + path
                    + "': use devices, identify, backup, flash, verify, erase, softReset, console or close");
        }
    }

    /** The step name in audit records ("soft-reset"). */
    String stepName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

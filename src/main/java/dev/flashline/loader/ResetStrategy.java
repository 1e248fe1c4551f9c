package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;

/** How to get the chip into its download-mode ROM loader before syncing (the {@link Setting#BEFORE} setting). */
public enum ResetStrategy {
    /** Pulse DTR/RTS as the auto-reset circuit of NodeMCU-style adapters expects. */
    DEFAULT_RESET("default-reset"),
    /** The chip is already in download mode. */
    NO_RESET("no-reset"),
    /** Keep trying until a device appears in download mode (operator holds the button and powers up). */
    WAIT("wait");

    private final String cliName;

    ResetStrategy(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static ResetStrategy parse(String text) {
        for (ResetStrategy s : values()) {
            if (s.cliName.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new FlashlineException(ErrorCode.BAD_OPTION, "Unknown reset-before mode '" + text + "'",
                Hint.of("Set {} to default-reset, no-reset or wait.", Setting.BEFORE));
    }
}

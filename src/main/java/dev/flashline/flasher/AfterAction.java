package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;

/** What to leave the device doing when a command ends (the {@link Setting#AFTER} setting). */
public enum AfterAction {
    /** Start the firmware in flash over the same link (ROM: FLASH_END "run user code"; stub: RUN_USER_CODE). */
    SOFT_RESET("soft-reset"),
    /** Stay in the loader. */
    NO_RESET("no-reset");

    private final String cliName;

    AfterAction(String cliName) {
        this.cliName = cliName;
    }

    public static AfterAction parse(String text) {
        for (AfterAction a : values()) {
            if (a.cliName.equalsIgnoreCase(text) || a.name().equalsIgnoreCase(text)) {
                return a;
            }
        }
        throw new FlashlineException(ErrorCode.BAD_OPTION, "Unknown after-reset mode '" + text + "'",
                Hint.of("Set {} to soft-reset or no-reset.", Setting.AFTER));
    }
}

package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.chip.ChipInfo;

/**
 * The flasher stub was loaded into the chip's RAM but never greeted: the device synced and was
 * identified (so its chip and MAC are known), yet nothing beyond the ROM loader runs on it.
 */
public final class StubNotStartedException extends FlashlineException {
    private final transient ChipInfo chip;

    StubNotStartedException(ChipInfo chip, String origin, boolean bundled, Throwable cause) {
        super(ErrorCode.STUB_NO_GREETING, (bundled ? "The bundled flasher stub" : "The flasher stub (" + origin + ")")
                        + " did not start on " + chip.chip() + " " + chip.mac() + ": loaded into RAM, it never greeted",
                bundled ? Hint.of("Pass a flasher stub in esptool's JSON layout (entry, text, text_start, data, data_start) with {};"
                        + " or use the ROM loader only ({}: no compressed backup, no MD5 verify).", Setting.STUB, Setting.NO_STUB)
                        : Hint.of("Check that the file given with {} is a stub for this chip in esptool's JSON layout, or leave it"
                        + " out to use the bundled stub.", Setting.STUB),
                cause);
        this.chip = chip;
    }

    /** The device the stub did not start on. */
    public ChipInfo chip() {
        return chip;
    }
}

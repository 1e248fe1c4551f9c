package dev.flashline.flasher;

import dev.flashline.errors.FlashlineException;
import dev.flashline.target.ChipInfo;

/**
 * The flasher stub was loaded into the chip's RAM but never greeted: the device synced and was
 * identified (so its chip and MAC are known), yet nothing beyond the ROM loader runs on it.
 */
public final class StubNotStartedException extends FlashlineException {
    private final transient ChipInfo chip;

    StubNotStartedException(ChipInfo chip, String origin, boolean bundled, Throwable cause) {
        super(Kind.DEVICE_FAILED, (bundled ? "The bundled flasher stub" : "The flasher stub (" + origin + ")")
                        + " did not start on " + chip.chip() + " " + chip.mac() + ": loaded into RAM, it never greeted",
                bundled ? "Pass a flasher stub in esptool's JSON layout (entry, text, text_start, data, data_start): --stub FILE"
                        + " on the command line, flashline.stub in config/application.properties for the line;"
                        + " or use the ROM loader only (--no-stub: no backup, no MD5 verify)."
                        : "Check that the file is an ESP8266 stub in esptool's JSON layout, or leave it out to use the bundled stub.",
                cause);
        this.chip = chip;
    }

    /** The device the stub did not start on. */
    public ChipInfo chip() {
        return chip;
    }
}

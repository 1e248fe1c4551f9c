package dev.flashline.chip;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;

/** The device is not an ESP8266 / ESP8285. */
public class UnsupportedChipException extends FlashlineException {
    private final String chipName;

    public UnsupportedChipException(String chipName) {
        super(ErrorCode.CHIP_UNSUPPORTED, chipName + " detected, not supported yet",
                "flashline flashes ESP8266 / ESP8285 devices (Sonoff Basic, S20, Mini, ...); ESP32-family support is not there yet.");
        this.chipName = chipName;
    }

    public String chipName() {
        return chipName;
    }
}

package dev.flashline.chip;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;

/** The device is none of the chips flashline drives (ESP8266 / ESP8285, ESP32, ESP32-C3). */
public class UnsupportedChipException extends FlashlineException {
    private final String chipName;

    public UnsupportedChipException(String chipName) {
        super(ErrorCode.CHIP_UNSUPPORTED, chipName + " detected, not supported yet",
                "flashline flashes ESP8266 / ESP8285 (Sonoff Basic, S20, Mini, ...), ESP32 (MINI R4, Dual R3, POW"
                        + " Origin / Elite) and ESP32-C3 (Basic R4) devices; this one needs another tool.");
        this.chipName = chipName;
    }

    public String chipName() {
        return chipName;
    }
}

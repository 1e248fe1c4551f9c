package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;

/** No loader answered; carries the diagnosis of what was on the line instead. */
public class DeviceUnreachableException extends FlashlineException {
    private final Diagnosis diagnosis;

    public DeviceUnreachableException(String port, Diagnosis diagnosis) {
        super(ErrorCode.DEVICE_UNREACHABLE, "Failed to connect to an ESP8266 on " + port + ": " + diagnosis.detail(),
                diagnosis.advice());
        this.diagnosis = diagnosis;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }
}

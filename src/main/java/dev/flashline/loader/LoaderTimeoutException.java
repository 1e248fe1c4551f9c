package dev.flashline.loader;

import dev.flashline.errors.FlashlineException;

/** No answer to a command in time: the device stopped talking mid-operation. */
public class LoaderTimeoutException extends FlashlineException {
    public LoaderTimeoutException(String message, String hint) {
        super(Kind.DEVICE_FAILED, message, hint);
    }
}

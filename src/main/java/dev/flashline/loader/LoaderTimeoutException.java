package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;

/** No answer to a command in time: the device stopped talking mid-operation. */
public class LoaderTimeoutException extends FlashlineException {
    public LoaderTimeoutException(String message, String hint) {
        super(ErrorCode.LINK_TIMEOUT, message, hint);
    }
}

package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.CommandFailedException;
import dev.flashline.protocol.LoaderErrors;

/** Which failures a damaged, cut or stalled line explains, as opposed to a device or input that is at fault. */
final class LineFaults {
    private LineFaults() {
    }

    /** A failure worth recovering from: resynchronise or reconnect, then check what the device holds. */
    static boolean isLineFault(FlashlineException e) {
        return switch (e.code()) {
            case LINK_TIMEOUT, LINK_GARBLED, LINK_CLOSED, LINK_ERROR, STUB_PROTOCOL, READ_CORRUPTED, STUB_NO_GREETING -> true;
            case COMMAND_FAILED -> e instanceof CommandFailedException c && LoaderErrors.meansCorruptedData(c.errorCode());
            default -> false;
        };
    }

    /** The device refused the request before acting on it (checksum or length): sending it again is safe. */
    static boolean rejectedUnchanged(FlashlineException e) {
        return e instanceof CommandFailedException c && LoaderErrors.meansRejectedUnchanged(c.errorCode());
    }

    static boolean isInterrupt(FlashlineException e) {
        return e.code() == ErrorCode.INTERRUPTED;
    }
}

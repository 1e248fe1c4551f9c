package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import java.io.IOException;
import java.io.OutputStream;

/** Where the bytes of a flash read go: a destination that fails is a bad-file error saying what to do. */
public final class FlashReadOutput {
    private FlashReadOutput() {
    }

    public static void write(OutputStream out, byte[] data) {
        try {
            out.write(data);
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, "Cannot store the data read from flash: " + e.getMessage(),
                    Hint.text("Check that the destination has room and is writable, then read again."), e);
        }
    }
}

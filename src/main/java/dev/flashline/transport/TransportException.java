package dev.flashline.transport;

import java.io.IOException;

/**
 * A link could not be opened or configured. Carries, beside the message, a hint telling the user
 * what to try, so that the CLI can print both and exit with status 3.
 */
public class TransportException extends IOException {
    private final String hint;

    public TransportException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public TransportException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What the user can do about it; never null. */
    public String hint() {
        return hint == null ? "" : hint;
    }
}

package dev.flashline.transport;

import dev.flashline.errors.Hint;
import java.io.IOException;

/**
 * A link could not be opened or configured. Carries, beside the message, a hint telling the user
 * what to try (settings named neutrally); the loader layer turns it into a FlashlineException.
 */
public class TransportException extends IOException {
    private final Hint hint;

    public TransportException(String message, String hint) {
        this(message, Hint.text(hint), null);
    }

    public TransportException(String message, String hint, Throwable cause) {
        this(message, Hint.text(hint), cause);
    }

    public TransportException(String message, Hint hint, Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause); // left unset otherwise, so that a caller may still attach one
        }
        this.hint = hint == null ? Hint.NONE : hint;
    }

    /** What the user can do about it, settings named neutrally; never null. */
    public String hint() {
        return hint.toString();
    }

    public Hint hintTemplate() {
        return hint;
    }
}

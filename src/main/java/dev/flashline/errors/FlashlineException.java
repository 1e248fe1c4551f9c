package dev.flashline.errors;

/**
 * An error a user can act on: what went wrong (the message), what to try (a {@link Hint} that
 * names settings neutrally, rendered by the front end), and a stable {@link ErrorCode} from which
 * the CLI's exit status and the audit record's {@code error.code} both derive.
 */
public class FlashlineException extends RuntimeException {
    private final ErrorCode code;
    private final Hint hint;

    public FlashlineException(ErrorCode code, String message, Hint hint, Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause); // left unset otherwise, so that a caller may still attach one
        }
        this.code = code;
        this.hint = hint == null ? Hint.NONE : hint;
    }

    public FlashlineException(ErrorCode code, String message, Hint hint) {
        this(code, message, hint, null);
    }

    public FlashlineException(ErrorCode code, String message, String hint) {
        this(code, message, Hint.text(hint), null);
    }

    public ErrorCode code() {
        return code;
    }

    public Kind kind() {
        return code.kind();
    }

    /** What the user should try, settings named neutrally ("baud"); never null. */
    public String hint() {
        return hint.render(Setting.Names.NEUTRAL);
    }

    /** What the user should try, settings named as the calling front end spells them. */
    public String hint(Setting.Names names) {
        return hint.render(names);
    }

    public Hint hintTemplate() {
        return hint;
    }

    /** The kinds of failure the contract tells apart, with their exit status. */
    public enum Kind {
        /** The device answered but the operation failed (verify mismatch, flash error). */
        DEVICE_FAILED(1),
        /** Bad usage or bad input (file, option, catalog, config). */
        BAD_INPUT(2),
        /** No device could be reached. */
        UNREACHABLE(3),
        /** The work was cut short (the line stopping, Ctrl-C); the operation did not complete. */
        INTERRUPTED(1);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static FlashlineException badInput(String message, String hint) {
        return new FlashlineException(ErrorCode.BAD_INPUT, message, hint);
    }

    public static FlashlineException deviceFailed(String message, String hint) {
        return new FlashlineException(ErrorCode.DEVICE_FAILED, message, hint);
    }

    public static FlashlineException unreachable(String message, String hint) {
        return new FlashlineException(ErrorCode.DEVICE_UNREACHABLE, message, hint);
    }

    /** An interrupt, reported as such; restores the thread's interrupt flag. */
    public static FlashlineException interrupted(String what, Throwable cause) {
        Thread.currentThread().interrupt();
        return new FlashlineException(ErrorCode.INTERRUPTED, "Interrupted " + what, Hint.NONE, cause);
    }

    /** The first FlashlineException in {@code failure}'s cause chain (itself included), if any. */
    public static java.util.Optional<FlashlineException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FlashlineException f) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }
}

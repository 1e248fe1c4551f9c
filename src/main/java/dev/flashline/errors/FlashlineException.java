package dev.flashline.errors;

/**
 * An error a user can act on: what went wrong, what to try, and which kind of failure it is
 * (the kind decides the CLI's exit status).
 */
public class FlashlineException extends RuntimeException {
    private final Kind kind;
    private final String hint;

    public FlashlineException(Kind kind, String message, String hint) {
        this(kind, message, hint, null);
    }

    public FlashlineException(Kind kind, String message, String hint, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.hint = hint;
    }

    public Kind kind() {
        return kind;
    }

    /** What the user should try; never null. */
    public String hint() {
        return hint == null ? "" : hint;
    }

    /** The kinds of failure the contract tells apart, with their exit status. */
    public enum Kind {
        /** The device answered but the operation failed (verify mismatch, flash error). */
        DEVICE_FAILED(1),
        /** Bad usage or bad input (file, option, catalog, config). */
        BAD_INPUT(2),
        /** No device could be reached. */
        UNREACHABLE(3);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static FlashlineException badInput(String message, String hint) {
        return new FlashlineException(Kind.BAD_INPUT, message, hint);
    }

    public static FlashlineException deviceFailed(String message, String hint) {
        return new FlashlineException(Kind.DEVICE_FAILED, message, hint);
    }

    public static FlashlineException unreachable(String message, String hint) {
        return new FlashlineException(Kind.UNREACHABLE, message, hint);
    }
}

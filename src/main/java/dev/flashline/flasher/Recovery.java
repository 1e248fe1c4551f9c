package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import java.util.function.Supplier;

/**
 * One operation's allowance for line faults: how many times it may resynchronise or reconnect,
 * and until when. Each recovery is told through the session's log; when the allowance is spent,
 * or the failure is not the line's, the failure leaves with what was tried.
 */
final class Recovery {
    static final int MAX_RECOVERIES = 8;
    static final int MAX_RECONNECTS = 3;
    static final long BUDGET_MS = 80_000;

    private final FlashSession session;
    private final String operation;
    private final long deadline;
    private int recoveries;
    private int reconnects;

    Recovery(FlashSession session, String operation) {
        this.session = session;
        this.operation = operation;
        this.deadline = System.currentTimeMillis() + BUDGET_MS;
    }

    /** Recoveries made so far, for messages ("1 recovery", "3 recoveries"). */
    String count() {
        return recoveries + (recoveries == 1 ? " recovery" : " recoveries");
    }

    /**
     * Restores the session after {@code failure} at {@code where} (e.g. "at 0x3A000"), or rethrows
     * it when the line does not explain it or the allowance is spent.
     */
    void recover(FlashlineException failure, String where) {
        if (!LineFaults.isLineFault(failure)) {
            throw failure;
        }
        boolean closed = failure.code() == ErrorCode.LINK_CLOSED;
        if (recoveries >= MAX_RECOVERIES || System.currentTimeMillis() > deadline || (closed && reconnects >= MAX_RECONNECTS)) {
            throw gaveUp(failure);
        }
        recoveries++;
        String done = session.recover(failure);
        if (done.equals("reconnected")) {
            reconnects++;
        }
        session.log(String.format("%s: %s %s — %s, resuming", operation, what(failure), where, done));
    }

    /** Runs a command whose repetition is harmless (an MD5, a register read), recovering between tries. */
    <T> T retrying(String where, Supplier<T> command) {
        while (true) {
            try {
                return command.get();
            } catch (FlashlineException e) {
                recover(e, where);
            }
        }
    }

    /** Counts a recovery that needed no resynchronisation (a block resent after the device refused it). */
    void note(String message) {
        if (recoveries >= MAX_RECOVERIES) {
            throw new FlashlineException(ErrorCode.LINK_GARBLED, operation + ": " + message + ", and the retry allowance ("
                    + MAX_RECOVERIES + ") is spent", "Bytes keep being damaged on the line: check the cable and the supply, or lower the baud rate.");
        }
        recoveries++;
        session.log(operation + ": " + message);
    }

    private static String what(FlashlineException failure) {
        return switch (failure.code()) {
            case LINK_CLOSED -> "link lost";
            case LINK_TIMEOUT -> "no answer";
            case LINK_GARBLED, STUB_PROTOCOL -> "garbled answer";
            case READ_CORRUPTED -> "data damaged on the line";
            case COMMAND_FAILED -> "request damaged on the line";
            default -> failure.code().code();
        };
    }

    private FlashlineException gaveUp(FlashlineException last) {
        String why = recoveries >= MAX_RECOVERIES ? "after " + count()
                : System.currentTimeMillis() > deadline ? "after " + BUDGET_MS / 1000 + " s of recovering"
                : "after " + reconnects + " reconnections";
        return new FlashlineException(last.code(), operation + " gave up " + why + ": " + last.getMessage(),
                last.hintTemplate(), last.getCause() != null ? last.getCause() : last);
    }
}

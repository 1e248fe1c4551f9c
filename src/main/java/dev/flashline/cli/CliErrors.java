package dev.flashline.cli;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;

/**
 * The one place the CLI turns a failure into what the user sees and the exit status: the error
 * code's kind decides the status (1 device failed, 2 bad input, 3 unreachable); hints name flags.
 */
final class CliErrors {
    private CliErrors() {
    }

    static int report(Throwable failure, Output output) {
        var found = FlashlineException.find(failure);
        if (found.isPresent()) {
            FlashlineException f = found.get();
            output.error(f.code().code(), f.getMessage(), f.hint(CliSettings.FLAGS));
            return f.kind().exitCode();
        }
        ErrorCode code = ErrorCode.of(failure);
        if (code == ErrorCode.INTERRUPTED) {
            output.error(code.code(), "Interrupted: " + failure.getMessage(), "");
        } else {
            output.error(code.code(), "Internal error: " + failure,
                    "This is a flashline bug: please report it with the command line that caused it.");
        }
        return code.kind().exitCode();
    }
}

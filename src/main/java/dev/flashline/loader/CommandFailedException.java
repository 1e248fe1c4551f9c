package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.protocol.LoaderErrors;
import dev.flashline.protocol.Opcode;

/** The loader answered a command with a failure status. */
public class CommandFailedException extends FlashlineException {
    private final int op;
    private final int errorCode;

    public CommandFailedException(int op, int errorCode, Hint hint) {
        super(ErrorCode.COMMAND_FAILED, String.format("%s failed: %s (status error 0x%02X)",
                Opcode.name(op), LoaderErrors.describe(errorCode), errorCode), hint);
        this.op = op;
        this.errorCode = errorCode;
    }

    public int op() {
        return op;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean unsupported() {
        return LoaderErrors.meansUnsupported(errorCode);
    }
}

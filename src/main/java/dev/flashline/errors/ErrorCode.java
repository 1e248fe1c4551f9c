package dev.flashline.errors;

import dev.flashline.errors.FlashlineException.Kind;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * Stable codes for what went wrong. The code string is part of the contract (audit records'
 * {@code error.code}, the CLI's JSON error); its {@link Kind} decides the CLI's exit status.
 */
public enum ErrorCode {
    // Bad usage or bad input (exit 2).
    BAD_INPUT("input.bad", Kind.BAD_INPUT),
    BAD_OPTION("input.bad-option", Kind.BAD_INPUT),
    BAD_SIZE("input.bad-size", Kind.BAD_INPUT),
    BAD_FILE("input.bad-file", Kind.BAD_INPUT),
    BAD_IMAGE("input.bad-image", Kind.BAD_INPUT),
    BAD_PORT("input.bad-port", Kind.BAD_INPUT),
    BAD_STUB("input.bad-stub", Kind.BAD_INPUT),
    /** The operation needs a flasher stub and the ROM loader is in charge. */
    NEEDS_STUB("input.needs-stub", Kind.BAD_INPUT),
    /** A route lacks a step a provisioned device needs (verify, online check). */
    ROUTE_INCOMPLETE("route.incomplete", Kind.BAD_INPUT),

    // No device could be reached (exit 3).
    /** The port opened but no loader answered (the diagnosis says why). */
    DEVICE_UNREACHABLE("device.unreachable", Kind.UNREACHABLE),
    /** The port itself could not be opened (missing, busy, refused). */
    PORT_UNAVAILABLE("port.unavailable", Kind.UNREACHABLE),

    // The device answered but the operation failed (exit 1).
    DEVICE_FAILED("device.failed", Kind.DEVICE_FAILED),
    /** The link went away mid-operation (cable pulled, device powered off, socket closed). */
    LINK_CLOSED("link.closed", Kind.DEVICE_FAILED),
    /** The device stopped answering mid-operation. */
    LINK_TIMEOUT("link.timeout", Kind.DEVICE_FAILED),
    /** An answer arrived that no loader sends (a status that is no error code, a frame that does not parse): bytes were damaged on the line. */
    LINK_GARBLED("link.garbled", Kind.DEVICE_FAILED),
    /** The link failed otherwise (a rate it refused, an I/O error). */
    LINK_ERROR("link.error", Kind.DEVICE_FAILED),
    /** The loader answered a command with a failure status. */
    COMMAND_FAILED("command.failed", Kind.DEVICE_FAILED),
    /** The stub was uploaded and started but never said hello. */
    STUB_NO_GREETING("stub.no-greeting", Kind.DEVICE_FAILED),
    /** The stub broke its protocol (wrong lengths, a missing digest). */
    STUB_PROTOCOL("stub.protocol", Kind.DEVICE_FAILED),
    /** Data read from flash does not match the digest the device computed. */
    READ_CORRUPTED("read.corrupted", Kind.DEVICE_FAILED),
    /** The flash does not hold what was written. */
    VERIFY_MISMATCH("verify.mismatch", Kind.DEVICE_FAILED),
    CHIP_UNSUPPORTED("chip.unsupported", Kind.DEVICE_FAILED),
    /** The SPI flash did not answer its ID command. */
    CHIP_NO_FLASH("chip.no-flash", Kind.DEVICE_FAILED),
    /** The eFuses do not read as an ESP8266's. */
    CHIP_BAD_EFUSE("chip.bad-efuse", Kind.DEVICE_FAILED),

    /** The thread doing the work was interrupted (the line stopping, Ctrl-C): not a device fault. */
    INTERRUPTED("interrupted", Kind.INTERRUPTED),
    /** Anything that is not a {@link FlashlineException}: a bug or an unforeseen failure. */
    INTERNAL("internal", Kind.DEVICE_FAILED);

    private final String code;
    private final Kind kind;

    ErrorCode(String code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    /** The stable string, e.g. "link.closed". */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The code of any failure: the first {@link FlashlineException} in the cause chain decides;
     * an interrupt anywhere in it is {@link #INTERRUPTED}; anything else is {@link #INTERNAL}.
     */
    public static ErrorCode of(Throwable failure) {
        boolean interrupted = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FlashlineException f) {
                return f.code();
            }
            interrupted |= t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException;
        }
        return interrupted ? INTERRUPTED : INTERNAL;
    }

    @Override
    public String toString() {
        return code;
    }
}

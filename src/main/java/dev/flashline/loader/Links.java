package dev.flashline.loader;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.transport.LinkClosedException;
import dev.flashline.transport.PortUrl;
import dev.flashline.transport.Transport;
import dev.flashline.transport.TransportException;
import dev.flashline.transport.Transports;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;

/**
 * The boundary between the transport layer and everything above it: the one place where a
 * transport's checked exceptions become {@link FlashlineException}s with a code, the cause kept.
 * Nothing above the loader sees a {@link TransportException} or a {@link LinkClosedException}.
 */
public final class Links {
    private Links() {
    }

    /**
     * Opens a port URL. A malformed URL is bad input ({@link ErrorCode#BAD_PORT}); a port that
     * cannot be opened is {@link ErrorCode#PORT_UNAVAILABLE} (worth retrying while waiting for a device).
     */
    public static Transport open(String url) {
        PortUrl parsed;
        try {
            parsed = PortUrl.parse(url);
        } catch (TransportException e) {
            throw new FlashlineException(ErrorCode.BAD_PORT, e.getMessage(), e.hintTemplate(), e);
        }
        try {
            return Transports.open(parsed);
        } catch (TransportException e) {
            throw new FlashlineException(ErrorCode.PORT_UNAVAILABLE, e.getMessage(), e.hintTemplate(), e);
        } catch (IOException e) {
            throw failure(e, url);
        }
    }

    /**
     * Classifies an I/O failure on the link to {@code port}, keeping it as the cause. A failure that
     * comes with the thread's interrupt flag set is the interrupt's doing, whatever the link calls it.
     */
    public static FlashlineException failure(IOException e, String port) {
        if (e instanceof InterruptedIOException || e instanceof ClosedByInterruptException
                || Thread.currentThread().isInterrupted()) {
            return FlashlineException.interrupted("while talking to " + port, e);
        }
        if (e instanceof LinkClosedException) {
            return new FlashlineException(ErrorCode.LINK_CLOSED, "The device went away mid-operation: " + e.getMessage(),
                    Hint.text("Reconnect it (in download mode) and run it again; the flash content is not verified."), e);
        }
        if (e instanceof TransportException t) {
            return new FlashlineException(ErrorCode.LINK_ERROR, e.getMessage(), t.hintTemplate(), e);
        }
        return new FlashlineException(ErrorCode.LINK_ERROR, "I/O error on " + port + ": " + e.getMessage(),
                Hint.of("Check the cable and the {}, then run again.", Setting.PORT), e);
    }

    /** An interrupt while waiting on the link: reported as an interrupt, the thread's flag restored. */
    public static FlashlineException interrupted(InterruptedException e, String what) {
        return FlashlineException.interrupted(what, e);
    }

    /** Closes without complaint: the link may already be dead. */
    public static void closeQuietly(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (IOException ignored) {
                // closing a dead port: nothing more to release
            }
        }
    }
}

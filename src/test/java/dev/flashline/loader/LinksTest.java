package dev.flashline.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.transport.LinkClosedException;
import dev.flashline.transport.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Transport failures become coded FlashlineExceptions here, once, with the cause kept. */
class LinksTest {
    @Test
    void aVanishedLinkIsLinkClosedWithItsCause() {
        LinkClosedException gone = new LinkClosedException("socket closed");
        FlashlineException e = Links.failure(gone, "socket://x:1");
        assertEquals(ErrorCode.LINK_CLOSED, e.code());
        assertEquals(1, e.kind().exitCode());
        assertSame(gone, e.getCause());
        assertTrue(e.getMessage().contains("socket closed"), e.getMessage());
        assertTrue(e.hint().contains("Reconnect"), e.hint());
    }

    @Test
    void aTransportRefusalKeepsItsHintAndItsSettings() {
        TransportException refused = new TransportException("rate refused", Hint.of("choose another {}", Setting.BAUD), null);
        FlashlineException e = Links.failure(refused, "rfc2217://x:1");
        assertEquals(ErrorCode.LINK_ERROR, e.code());
        assertSame(refused, e.getCause());
        assertEquals("choose another --baud", e.hint(s -> "--" + s.key()));
        FlashlineException other = Links.failure(new IOException("EIO"), "/dev/ttyUSB0");
        assertEquals(ErrorCode.LINK_ERROR, other.code());
        assertTrue(other.getMessage().contains("/dev/ttyUSB0") && other.getMessage().contains("EIO"));
    }

    @Test
    void anInterruptedReadIsAnInterruptNotAnUnreachableDevice() {
        try {
            FlashlineException e = Links.failure(new InterruptedIOException("interrupted"), "socket://x:1");
            assertEquals(ErrorCode.INTERRUPTED, e.code());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void openingTellsABadUrlFromAMissingPort() throws Exception {
        FlashlineException bad = assertThrows(FlashlineException.class, () -> Links.open("localhost:5555"));
        assertEquals(ErrorCode.BAD_PORT, bad.code());
        assertEquals(2, bad.kind().exitCode());
        assertTrue(bad.hint().contains("socket://localhost:5555"), bad.hint());
        assertTrue(bad.getCause() instanceof TransportException);

        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        int port = free;
        FlashlineException refused = assertThrows(FlashlineException.class, () -> Links.open("socket://127.0.0.1:" + port));
        assertEquals(ErrorCode.PORT_UNAVAILABLE, refused.code());
        assertEquals(3, refused.kind().exitCode());
        assertTrue(refused.getCause() instanceof TransportException);
    }
}

package dev.flashline.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void codesAreUniqueAndTheContractOnesAreSpelledAsDocumented() {
        Set<String> seen = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(seen.add(c.code()), "duplicate " + c.code());
            assertTrue(c.code().matches("[a-z]+(\\.[a-z-]+)?"), c.code());
        }
        Map<String, ErrorCode> contract = Map.of("link.closed", ErrorCode.LINK_CLOSED, "link.timeout", ErrorCode.LINK_TIMEOUT,
                "verify.mismatch", ErrorCode.VERIFY_MISMATCH, "stub.no-greeting", ErrorCode.STUB_NO_GREETING,
                "device.unreachable", ErrorCode.DEVICE_UNREACHABLE, "input.bad-image", ErrorCode.BAD_IMAGE,
                "command.failed", ErrorCode.COMMAND_FAILED, "interrupted", ErrorCode.INTERRUPTED, "internal", ErrorCode.INTERNAL);
        contract.forEach((text, code) -> assertEquals(text, code.code()));
    }

    @Test
    void exitStatusFollowsTheCode() {
        assertEquals(1, new FlashlineException(ErrorCode.VERIFY_MISMATCH, "m", "h").kind().exitCode());
        assertEquals(1, new FlashlineException(ErrorCode.LINK_CLOSED, "m", "h").kind().exitCode());
        assertEquals(2, new FlashlineException(ErrorCode.BAD_IMAGE, "m", "h").kind().exitCode());
        assertEquals(2, new FlashlineException(ErrorCode.BAD_PORT, "m", "h").kind().exitCode());
        assertEquals(3, new FlashlineException(ErrorCode.DEVICE_UNREACHABLE, "m", "h").kind().exitCode());
        assertEquals(3, new FlashlineException(ErrorCode.PORT_UNAVAILABLE, "m", "h").kind().exitCode());
        assertEquals(FlashlineException.Kind.INTERRUPTED, ErrorCode.INTERRUPTED.kind());
        assertEquals(ErrorCode.BAD_INPUT, FlashlineException.badInput("m", "h").code());
        assertEquals(ErrorCode.DEVICE_FAILED, FlashlineException.deviceFailed("m", "h").code());
        assertEquals(ErrorCode.DEVICE_UNREACHABLE, FlashlineException.unreachable("m", "h").code());
    }

    @Test
    void anyFailureHasACode() {
        FlashlineException inner = new FlashlineException(ErrorCode.LINK_CLOSED, "gone", "");
        assertSame(ErrorCode.LINK_CLOSED, ErrorCode.of(new RuntimeException("wrapped", inner)));
        assertSame(ErrorCode.INTERRUPTED, ErrorCode.of(new IllegalStateException(new InterruptedException())));
        assertSame(ErrorCode.INTERRUPTED, ErrorCode.of(new UncheckedIOException(new InterruptedIOException("x"))));
        assertSame(ErrorCode.INTERNAL, ErrorCode.of(new UncheckedIOException(new IOException("disk"))));
        assertSame(ErrorCode.INTERNAL, ErrorCode.of(new NullPointerException()));
    }

    @Test
    void anInterruptStaysAnInterrupt() {
        InterruptedException cause = new InterruptedException();
        try {
            FlashlineException e = FlashlineException.interrupted("while waiting", cause);
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is restored for the code above");
            assertEquals(ErrorCode.INTERRUPTED, e.code());
            assertSame(cause, e.getCause());
            assertTrue(e.getMessage().startsWith("Interrupted"));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void hintsNameSettingsAsEachFrontEndSpellsThem() {
        FlashlineException e = new FlashlineException(ErrorCode.READ_CORRUPTED, "bad bytes",
                Hint.of("Read again with a lower {}, or try {}.", Setting.BAUD, Setting.NO_STUB));
        assertEquals("Read again with a lower baud, or try no-stub.", e.hint());
        assertEquals("Read again with a lower --baud, or try --no-stub.", e.hint(s -> "--" + s.key()));
        assertEquals("Read again with a lower flashline.baud, or try noStub.",
                e.hint(s -> s == Setting.BAUD ? "flashline.baud" : "noStub"));
        assertEquals(Arrays.asList(Setting.BAUD, Setting.NO_STUB), e.hintTemplate().settings());
        assertEquals("", new FlashlineException(ErrorCode.INTERNAL, "m", (String) null).hint());
        assertEquals("use {} braces as text", Hint.text("use {} braces as text").render(s -> "--x"));
        assertThrows(IllegalArgumentException.class, () -> Hint.of("no slot", Setting.BAUD));
    }
}

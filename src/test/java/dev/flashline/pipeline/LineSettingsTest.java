package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import org.junit.jupiter.api.Test;

/** The line's audit records name settings as the station's configuration does, never as CLI flags. */
class LineSettingsTest {
    @Test
    void hintsSpeakOfTheStationsProperties() {
        FlashlineException e = new FlashlineException(ErrorCode.READ_CORRUPTED, "bad bytes",
                Hint.of("Bytes were corrupted on the line: read again, with a lower {}.", Setting.BAUD));
        assertEquals("Bytes were corrupted on the line: read again, with a lower flashline.baud.", e.hint(LineSettings.PROPERTIES));
        assertEquals("flashline.before", LineSettings.name(Setting.BEFORE));
        assertEquals("flashline.ports", LineSettings.name(Setting.PORT));
        for (Setting s : Setting.values()) {
            assertFalse(LineSettings.name(s).startsWith("--"), s + " must not be rendered as a CLI flag");
        }
    }
}

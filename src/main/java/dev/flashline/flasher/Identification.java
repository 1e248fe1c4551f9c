package dev.flashline.flasher;

import dev.flashline.chip.ChipInfo;
import dev.flashline.chip.Esp8266Chip;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.Loader;
import java.util.ArrayList;
import java.util.List;

/**
 * Identification that a damaged register value cannot fool: a flipped bit in a READ_REG answer
 * still parses, so the chip is identified until two readings agree (a few hundred bytes at 115200).
 */
final class Identification {
    private static final int READINGS = 4;

    private Identification() {
    }

    /** The chip as read twice alike; a failure (unsupported chip, no flash) counts only when it repeats too. */
    static ChipInfo confirmed(Loader loader) {
        List<Object> seen = new ArrayList<>();
        FlashlineException lastFailure = null;
        for (int i = 0; i < READINGS; i++) {
            Object reading;
            try {
                reading = Esp8266Chip.identify(loader);
            } catch (FlashlineException e) {
                if (LineFaults.isLineFault(e) || LineFaults.isInterrupt(e)) {
                    throw e;
                }
                lastFailure = e;
                reading = e.code() + ": " + e.getMessage();
            }
            if (seen.contains(reading)) {
                if (reading instanceof ChipInfo chip) {
                    return chip;
                }
                throw lastFailure;
            }
            seen.add(reading);
        }
        if (lastFailure != null) {
            throw lastFailure;
        }
        throw new FlashlineException(dev.flashline.errors.ErrorCode.LINK_GARBLED,
                "The chip's identity read differently " + READINGS + " times in a row",
                "Bytes are being damaged on the line: check the cable and the supply, then run it again.");
    }
}

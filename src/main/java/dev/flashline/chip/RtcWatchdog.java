package dev.flashline.chip;

import dev.flashline.loader.Loader;
import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;

/**
 * Resets an ESP32 / ESP32-C3 through its RTC watchdog, for adapters without an RTS line wired to
 * EN (technical reference manuals, RTC_CNTL): unlock with the write-protect key, set a stage-0
 * timeout of a few milliseconds, enable with "reset main system and RTC" as stage-0 action.
 * The chip then boots as after power-up: from flash unless GPIO0 is held low.
 */
public final class RtcWatchdog {
    private static final int KEY = 0x50D83AA1;
    private static final int ENABLE = 1 << 31;
    private static final int STAGE0_SHIFT = 28;
    private static final int ACTION_RESET_RTC = 4;
    /** Slow-clock cycles (~150 kHz): about 13 ms, long enough for the WRITE_REG answer to leave. */
    private static final int TIMEOUT_CYCLES = 2000;

    private RtcWatchdog() {
    }

    /** Arms the watchdog; the chip resets moments later, so the arming write is not waited for. */
    public static void reset(Loader loader, ChipFamily family) {
        int base = family == ChipFamily.ESP32 ? 0x3FF48000 : 0x60008000;
        int config0 = base + (family == ChipFamily.ESP32 ? 0x8C : 0x90);
        int config1 = config0 + 4;
        int protect = base + (family == ChipFamily.ESP32 ? 0xA4 : 0xA8);
        loader.writeReg(protect, KEY);
        loader.writeReg(config1, TIMEOUT_CYCLES);
        loader.link().send(Packets.request(Opcode.WRITE_REG,
                Packets.words(config0, ENABLE | ACTION_RESET_RTC << STAGE0_SHIFT, 0xFFFFFFFFL, 0), 0));
    }
}

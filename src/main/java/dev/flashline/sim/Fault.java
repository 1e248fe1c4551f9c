package dev.flashline.sim;

import java.util.Locale;

/**
 * A way a device (or its wiring) misbehaves, for tests and {@code simulate}. The argument is a
 * byte count for DROP_AFTER_BYTES / CORRUPT_RX_BYTE and a flash address for FLASH_BAD_BIT.
 */
public record Fault(Kind kind, long argument) {

    public enum Kind {
        /** Receives, never sends anything (unpowered chip, RX/TX swapped one way). */
        SILENT,
        /** GPIO0 was not held low: the ROM banner shows a flash boot, the loader never answers. */
        BOOT_FROM_FLASH,
        /** Strapping pins select another boot mode (SDIO): banner, then silence. */
        WRONG_BOOT_MODE,
        /** Every byte sent comes back (TX looped to RX, or an adapter with nothing attached). */
        ECHO,
        /** Random-looking bytes that are never SLIP (wrong baud, bad ground). */
        NOISE,
        /** The link closes after n bytes have been received from the host in a session. */
        DROP_AFTER_BYTES,
        /** The n-th byte (1-based) received from the host has a bit flipped. */
        CORRUPT_RX_BYTE,
        /** Bit 0 of the flash byte at this address is stuck at 0. */
        FLASH_BAD_BIT,
        /** The ROM loader works, but a flasher stub loaded to RAM never starts (no greeting, no answers). */
        STUB_SILENT
    }

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("fault kind missing");
        }
        if (argument < 0) {
            throw new IllegalArgumentException("fault argument must not be negative");
        }
    }

    public static Fault silent() {
        return new Fault(Kind.SILENT, 0);
    }

    public static Fault bootFromFlash() {
        return new Fault(Kind.BOOT_FROM_FLASH, 0);
    }

    public static Fault wrongBootMode() {
        return new Fault(Kind.WRONG_BOOT_MODE, 0);
    }

    public static Fault echo() {
        return new Fault(Kind.ECHO, 0);
    }

    public static Fault noise() {
        return new Fault(Kind.NOISE, 0);
    }

    public static Fault dropAfterBytes(long n) {
        return new Fault(Kind.DROP_AFTER_BYTES, n);
    }

    public static Fault corruptRxByte(long n) {
        return new Fault(Kind.CORRUPT_RX_BYTE, n);
    }

    public static Fault stubSilent() {
        return new Fault(Kind.STUB_SILENT, 0);
    }

    public static Fault flashBadBit(long address) {
        return new Fault(Kind.FLASH_BAD_BIT, address);
    }

    /** Parses "silent", "echo", "drop-after-bytes=5000", "flash-bad-bit=0x1000" and the like. */
    public static Fault parse(String text) {
        String[] parts = text.trim().split("=", 2);
        String name = parts[0].trim().toUpperCase(Locale.ROOT).replace('-', '_');
        Kind kind;
        try {
            kind = Kind.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault '" + text + "'");
        }
        long arg = 0;
        if (parts.length == 2) {
            String v = parts[1].trim().toLowerCase(Locale.ROOT);
            arg = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } else if (kind == Kind.DROP_AFTER_BYTES || kind == Kind.CORRUPT_RX_BYTE || kind == Kind.FLASH_BAD_BIT) {
            throw new IllegalArgumentException("fault '" + text + "' needs a value, e.g. " + parts[0] + "=100");
        }
        return new Fault(kind, arg);
    }
}

package dev.flashline.protocol;

/** What the error byte of a failed response means, for the ROM loader and for the flasher stub. */
public final class LoaderErrors {
    /** The ROM's answer to a command it does not implement. */
    public static final int ROM_INVALID_MESSAGE = 0x05;
    public static final int STUB_INVALID_COMMAND = 0xC3;
    public static final int STUB_NOT_IMPLEMENTED = 0xFF;
    /** flashline's stub: an erase or write at or above what the host has acknowledged reading (READ_WRITE_DEFL). */
    public static final int STUB_NOT_BACKED_UP = 0xCA;
    /** flashline's stub: bytes arrived while it had no room for them (READ_WRITE_DEFL). */
    public static final int STUB_RX_OVERFLOW = 0xCB;

    private LoaderErrors() {
    }

    public static String describe(int code) {
        return switch (code) {
            case 0x05 -> "received message is invalid (parameters or length)";
            case 0x06 -> "failed to act on received message";
            case 0x07 -> "invalid checksum in message";
            case 0x08 -> "flash write error";
            case 0x09 -> "flash read error";
            case 0x0A -> "flash read length error";
            case 0x0B -> "deflate error";
            case 0xC0 -> "bad data length";
            case 0xC1 -> "bad data checksum";
            case 0xC2 -> "bad block size";
            case 0xC3 -> "invalid command";
            case 0xC4 -> "SPI flash operation failed";
            case 0xC5 -> "SPI flash unlock failed";
            case 0xC6 -> "not in flash mode (no FLASH_BEGIN before data)";
            case 0xC7 -> "inflate error (compressed data corrupted)";
            case 0xC8 -> "not enough data";
            case 0xC9 -> "too much data";
            case 0xCA -> "erase or write ahead of what the host has backed up";
            case 0xCB -> "receive buffer overflow";
            case 0xFF -> "command unsupported by this stub";
            default -> String.format("error 0x%02X", code);
        };
    }

    /** True for the codes the ROM loader or a flasher stub really send; anything else is a damaged answer. */
    public static boolean isKnown(int code) {
        return (code >= 0x05 && code <= 0x0B) || (code >= 0xC0 && code <= 0xCB) || code == 0xFF;
    }

    /** Checksum or length failures: the request was refused before anything was done, so sending it again is safe. */
    public static boolean meansRejectedUnchanged(int code) {
        return code == 0x07 || code == 0xC0 || code == 0xC1;
    }

    /** Checksum, length, inflate or overflow failures: the bytes that arrived are not the bytes sent. */
    public static boolean meansCorruptedData(int code) {
        return code == 0x07 || code == 0x0B || code == 0xC0 || code == 0xC1 || code == 0xC7 || code == STUB_RX_OVERFLOW;
    }

    public static boolean meansUnsupported(int code) {
        return code == ROM_INVALID_MESSAGE || code == STUB_INVALID_COMMAND || code == STUB_NOT_IMPLEMENTED;
    }
}

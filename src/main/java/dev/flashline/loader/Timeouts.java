package dev.flashline.loader;

/**
 * How long to wait for an answer. Work that grows with size (erase, MD5 over flash, a compressed
 * block that inflates to a lot of flash) gets time in proportion, plus the time the bytes spend on
 * the wire at the current baud rate, so slow links don't hit "timed out waiting for packet header".
 */
public final class Timeouts {
    public static final long DEFAULT_MS = 3_000;
    public static final long SYNC_MS = 100;
    public static final long CHIP_ERASE_MS = 120_000;
    static final long ERASE_PER_MB_MS = 30_000;
    static final long WRITE_PER_MB_MS = 40_000;
    static final long MD5_PER_MB_MS = 8_000;

    private Timeouts() {
    }

    /** Time for {@code bytes} on a UART at {@code baud} (10 bits per byte), in milliseconds. */
    public static long wireMillis(long bytes, int baud) {
        return bytes * 10_000L / Math.max(baud, 300);
    }

    public static long erase(long bytes) {
        return Math.max(DEFAULT_MS, perMb(ERASE_PER_MB_MS, bytes));
    }

    public static long write(long flashBytes) {
        return Math.max(DEFAULT_MS, perMb(WRITE_PER_MB_MS, flashBytes));
    }

    public static long md5(long bytes) {
        return Math.max(DEFAULT_MS, perMb(MD5_PER_MB_MS, bytes));
    }

    private static long perMb(long millisPerMb, long bytes) {
        return (long) (millisPerMb * (bytes / 1_048_576.0));
    }
}

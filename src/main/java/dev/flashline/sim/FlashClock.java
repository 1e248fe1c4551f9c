package dev.flashline.sim;

import dev.flashline.transport.LinkClosedException;
import java.util.concurrent.TimeUnit;

/**
 * Makes the device thread take the time flash work takes. Work is charged as it happens; the
 * thread sleeps once the owed time passes a millisecond, against a running deadline so that
 * many small charges (page programs) add up exactly instead of each rounding up a sleep.
 */
final class FlashClock {
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FlashTiming timing;
    private long busyUntil = Long.MIN_VALUE;

    FlashClock(FlashTiming timing) {
        this.timing = timing;
    }

    /** No timing: every operation is instant (the default without the line-rate model). */
    static FlashClock instant() {
        return new FlashClock(null);
    }

    FlashTiming timing() {
        return timing;
    }

    boolean enabled() {
        return timing != null;
    }

    synchronized void charge(long nanos) {
        if (timing == null || nanos <= 0) {
            return;
        }
        long now = System.nanoTime();
        busyUntil = (busyUntil == Long.MIN_VALUE || busyUntil < now ? now : busyUntil) + nanos;
        long owed = busyUntil - now;
        if (owed >= MIN_SLEEP_NANOS) {
            sleep(owed);
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(new LinkClosedException("device interrupted during flash work"));
        }
    }
}

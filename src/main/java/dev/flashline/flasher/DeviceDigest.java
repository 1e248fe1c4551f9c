package dev.flashline.flasher;

import dev.flashline.loader.StubLoader;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Asks the device whether a flash region holds what the host expects. A digest damaged on the
 * line still parses, so a mismatch counts only when two answers agree on it; a match is certain
 * (a damaged digest does not turn into the expected one).
 */
final class DeviceDigest {
    private static final int ASKS = 4;

    private final FlashSession session;
    private final Recovery recovery;

    DeviceDigest(FlashSession session, Recovery recovery) {
        this.session = session;
        this.recovery = recovery;
    }

    /** True when flash at [address, address + length) has MD5 {@code expected}; false when the device says twice it has not. */
    boolean matches(int address, int length, byte[] expected) {
        byte[] previous = null;
        for (int i = 0; i < ASKS; i++) {
            byte[] answer = recovery.retrying(String.format("asking the MD5 of 0x%X+%d", address, length),
                    () -> stub().md5(address, length));
            if (MessageDigest.isEqual(answer, expected)) {
                return true;
            }
            if (previous != null && Arrays.equals(previous, answer)) {
                return false;
            }
            previous = answer;
        }
        return false;
    }

    /** The last digest the device gave for a region (for messages). */
    String digestOf(int address, int length) {
        return Flasher.hex(recovery.retrying("asking an MD5", () -> stub().md5(address, length)));
    }

    private StubLoader stub() {
        return session.requireStub("Checking flash by MD5");
    }
}

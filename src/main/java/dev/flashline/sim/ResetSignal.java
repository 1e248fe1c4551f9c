package dev.flashline.sim;

import java.io.IOException;

/** Thrown inside the device's thread when the host pulls EN low: whatever ran stops at once. */
final class ResetSignal extends IOException {
    ResetSignal() {
        super("device reset through EN");
    }
}

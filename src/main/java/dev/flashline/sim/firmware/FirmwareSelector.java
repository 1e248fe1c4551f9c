package dev.flashline.sim.firmware;

import dev.flashline.sim.VirtualFlash;

/**
 * Chooses what boots from a flash image, as the chip's second-stage loader would: the simulated
 * Tasmota for the demo firmware, a plain boot line for anything else.
 */
@FunctionalInterface
public interface FirmwareSelector {
    Firmware select(VirtualFlash flash);
}

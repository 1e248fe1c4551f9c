package dev.flashline.sim.tasmota;

import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The tests' stand-in for the plain boot-line firmware: one line, then silence until the link closes. */
final class TestFirmware implements Firmware {
    static final String BOOT_LINE = "plain firmware booted";

    @Override
    public Exit run(VirtualFlash flash, InputStream consoleIn, OutputStream consoleOut) throws IOException {
        consoleOut.write((BOOT_LINE + "\r\n").getBytes(StandardCharsets.US_ASCII));
        consoleOut.flush();
        while (consoleIn.read() >= 0) {
            // Ignores input, as stock firmware does.
        }
        return Exit.LINK_CLOSED;
    }
}

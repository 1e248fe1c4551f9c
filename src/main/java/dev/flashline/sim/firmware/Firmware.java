package dev.flashline.sim.firmware;

import dev.flashline.sim.VirtualFlash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a virtual device runs after its loader is told to run user code: it owns the UART
 * (115200 baud console) until the link closes or the device reboots.
 */
public interface Firmware {

    /**
     * Runs until the console closes. Returning {@link Exit#REBOOT} makes the device boot the
     * firmware in flash again (a Tasmota "Restart 1", or a setting that restarts it).
     */
    Exit run(VirtualFlash flash, InputStream consoleIn, OutputStream consoleOut) throws IOException;

    enum Exit { LINK_CLOSED, REBOOT }
}

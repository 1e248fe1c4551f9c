package dev.flashline.pipeline;

import java.io.IOException;
import java.util.List;

/**
 * Virtual devices for a simulated run ({@code run --simulate K}), supplied by the command line's
 * wiring so that the line itself knows nothing of the simulator: it only gets port URLs to watch
 * and the demo firmware those devices understand. Closing it powers the devices off.
 */
public interface DeviceSimulator extends AutoCloseable {
    /**
     * Starts {@code count} devices whose firmware, once flashed, joins the Wi-Fi network
     * {@code wifiSsid} / {@code wifiPassword}; returns the port URLs (socket://HOST:PORT) to watch:
     * one per device, or fewer when devices come one after another on the same port (as on a jig,
     * where the operator swaps in the next Sonoff once one is done).
     */
    List<String> start(int count, String wifiSsid, String wifiPassword) throws IOException;

    /** The image for a catalog entry {@code demo:SPEC}: a firmware the simulated devices boot as Tasmota. */
    byte[] demoFirmware(String spec);

    @Override
    void close();
}

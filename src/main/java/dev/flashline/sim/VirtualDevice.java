package dev.flashline.sim;

import dev.flashline.transport.Transport;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulated ESP8266EX / ESP8285 (or, barely, ESP32) whose flash outlives its power cycles.
 * {@link #connect()} powers it on in UART download mode and hands back the host end of its
 * serial line; connecting again power-cycles it.
 */
public final class VirtualDevice {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final long JOIN_MILLIS = 2000;

    private final VirtualDeviceConfig config;
    private final VirtualFlash flash;
    private final FlashChip chip;
    private Link link;
    private Thread thread;

    public VirtualDevice(VirtualDeviceConfig config) {
        this.config = config;
        this.flash = new VirtualFlash(config.flashSize());
        config.stockFirmware().ifPresent(image -> flash.load(0, image));
        if (config.stockFlash() && config.stockFirmware().isEmpty()) {
            flash.load(0, config.chip().esp32Family() ? StockFlash32.build(config.chip(), config.flashSize(), config.mac())
                    : StockFlash.build(config.flashSize(), config.mac()));
        }
        Set<Long> stuck = new HashSet<>();
        config.faults().stream().filter(f -> f.kind() == Fault.Kind.FLASH_BAD_BIT)
                .forEach(f -> stuck.add(f.argument()));
        this.chip = new FlashChip(flash, stuck, config.flashTiming().map(FlashClock::new).orElseGet(FlashClock::instant));
    }

    public VirtualDeviceConfig config() {
        return config;
    }

    public VirtualFlash flash() {
        return flash;
    }

    /** Power-on in download mode; the returned transport is the host's end of the UART. */
    public Transport connect() {
        return open(false, "virtual:" + macText());
    }

    /**
     * Power-on for a byte bridge (TCP) that has no baud rate of its own: the host side decodes
     * whatever rate the device speaks, as a bridge that follows the chip would.
     */
    Transport connectBridge(String description) {
        return open(true, description);
    }

    private synchronized Transport open(boolean bridge, String description) {
        powerOff();
        Link l = new Link(config.initialBaud(), config.throttle(), bridge);
        Thread t = new Thread(new DeviceSession(config, flash, chip, l),
                "virtual-device-" + macText() + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        link = l;
        thread = t;
        t.start();
        return new HostTransport(l, description, () -> { });
    }

    /** Cuts power: closes the current session, if any, and waits for its thread to end. */
    public synchronized void powerOff() {
        if (link != null) {
            link.close();
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            link = null;
            thread = null;
        }
    }

    public String macText() {
        byte[] m = config.mac();
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    }
}

package dev.flashline.sim;

/**
 * The UART cable of one session between a host and a virtual device: two {@link Wire}s, the
 * host's and the device's baud rates, and the DTR/RTS lines wired the way the common
 * two-transistor auto-reset circuit of USB-serial adapters is (EN low while RTS alone is
 * asserted, GPIO0 low while DTR alone is asserted).
 */
final class Link {
    final Wire toDevice = new Wire();
    final Wire toHost = new Wire();
    final boolean throttle;
    /** True for a TCP bridge: the host side has no rate of its own and reads whatever the device sends. */
    final boolean hostFollowsDevice;

    private volatile int hostBaud;
    private volatile int deviceBaud;
    private volatile boolean deviceAutoBaud = true;

    private boolean dtr;
    private boolean rts;
    private volatile int resetEpoch;
    private volatile boolean heldInReset;
    private volatile long enRoseAt;

    Link(int initialBaud, boolean throttle, boolean hostFollowsDevice) {
        this.hostBaud = initialBaud;
        this.deviceBaud = initialBaud;
        this.throttle = throttle;
        this.hostFollowsDevice = hostFollowsDevice;
    }

    int hostBaud() {
        return hostBaud;
    }

    void setHostBaud(int baud) {
        hostBaud = baud;
    }

    /**
     * Rate at which the host's bytes travel. A TCP bridge sends at its own line rate until the
     * device has locked on one (so the ROM's auto-baud sees the bridge's rate, not its banner's),
     * then follows the device (so a stub's CHANGE_BAUDRATE works over socket://).
     */
    int hostSendBaud() {
        return hostFollowsDevice && !deviceAutoBaud ? deviceBaud : hostBaud;
    }

    /** Rate at which the host decodes what arrives (0: matches any sender). */
    int hostReceiveBaud() {
        return hostFollowsDevice ? 0 : hostBaud;
    }

    int deviceBaud() {
        return deviceBaud;
    }

    /** Rate the device decodes with; 0 while its ROM is still auto-detecting the host's rate. */
    int deviceReceiveBaud() {
        return deviceAutoBaud ? 0 : deviceBaud;
    }

    void setDeviceBaud(int baud, boolean autoBaud) {
        deviceBaud = baud;
        deviceAutoBaud = autoBaud;
    }

    synchronized void setDtr(boolean asserted) {
        boolean enBefore = enHigh();
        dtr = asserted;
        lineChange(enBefore);
    }

    synchronized void setRts(boolean asserted) {
        boolean enBefore = enHigh();
        rts = asserted;
        lineChange(enBefore);
    }

    private boolean enHigh() {
        return !(rts && !dtr);
    }

    /** GPIO0 as the strapping logic samples it. */
    synchronized boolean gpio0Low() {
        return dtr && !rts;
    }

    private void lineChange(boolean enBefore) {
        boolean enNow = enHigh();
        if (enBefore && !enNow) {
            heldInReset = true;
            resetEpoch++;
        } else if (!enBefore && enNow) {
            heldInReset = false;
            enRoseAt = System.nanoTime();
        }
        toDevice.wake();
    }

    int resetEpoch() {
        return resetEpoch;
    }

    boolean heldInReset() {
        return heldInReset;
    }

    long enRoseAt() {
        return enRoseAt;
    }

    void close() {
        toDevice.close();
        toHost.close();
    }

    boolean isClosed() {
        return toDevice.isClosed();
    }
}

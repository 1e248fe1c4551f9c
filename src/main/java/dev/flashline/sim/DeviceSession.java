package dev.flashline.sim;

import dev.flashline.sim.firmware.Firmware;
import dev.flashline.transport.LinkClosedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One power-on of a virtual device, on its own thread: boots by its strapping (download mode,
 * flash, or a fault), then runs the ROM loader, the stub or the firmware until the link closes.
 * A reset through DTR/RTS restarts it without ending the session.
 */
final class DeviceSession implements Runnable {
    private static final int CONSOLE_BAUD = 115200;
    /** The chip samples its strapping pins a little after EN rises (the EN pin's RC delay). */
    private static final long STRAP_SAMPLE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long NOISE_INTERVAL_MILLIS = 40;

    private enum Boot { DOWNLOAD, FLASH }

    private final VirtualDeviceConfig config;
    private final VirtualFlash flash;
    private final FlashChip chip;
    private final Link link;
    private final DevicePort port;
    private final RegisterFile registers;
    private final Esp32RegisterFile esp32Registers;

    DeviceSession(VirtualDeviceConfig config, VirtualFlash flash, FlashChip chip, Link link) {
        this.config = config;
        this.flash = flash;
        this.chip = chip;
        this.link = link;
        this.port = new DevicePort(link,
                config.fault(Fault.Kind.DROP_AFTER_BYTES).map(Fault::argument).orElse(0L),
                config.fault(Fault.Kind.CORRUPT_RX_BYTE).map(Fault::argument).orElse(0L));
        this.registers = new RegisterFile(config, link::deviceBaud);
        this.esp32Registers = config.chip().esp32Family() ? new Esp32RegisterFile(config, link::deviceBaud) : null;
    }

    @Override
    public void run() {
        try {
            if (wiringFault()) {
                return;
            }
            Boot boot = Boot.DOWNLOAD;
            int cause = BootBanner.CAUSE_POWER_ON;
            while (true) {
                try {
                    runBoot(boot, cause);
                    return;
                } catch (ResetSignal reset) {
                    boot = waitForResetRelease();
                    cause = BootBanner.CAUSE_EXTERNAL;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the link went away (host closed it, or the DROP fault): the device powers off
        } finally {
            link.close();
        }
    }

    /** SILENT / ECHO / NOISE: nothing of the chip is reachable, whatever the reset lines do. */
    private boolean wiringFault() throws IOException {
        if (config.fault(Fault.Kind.SILENT).isPresent()) {
            consumeForever(false);
            return true;
        }
        if (config.fault(Fault.Kind.ECHO).isPresent()) {
            link.setDeviceBaud(link.hostSendBaud(), false);
            byte[] buf = new byte[1024];
            while (true) {
                int n = readIgnoringReset(buf, 60_000);
                if (n > 0) {
                    byte[] copy = java.util.Arrays.copyOf(buf, n);
                    link.toHost.write(copy, 0, n, link.toDevice.lastSenderBaud(), link.throttle);
                }
            }
        }
        if (config.fault(Fault.Kind.NOISE).isPresent()) {
            Random random = new Random(0x5EED ^ config.mac()[5]);
            byte[] buf = new byte[256];
            while (true) {
                byte[] noise = new byte[24];
                for (int i = 0; i < noise.length; i++) {
                    int b;
                    do {
                        b = random.nextInt(256);
                    } while (b == 0xC0 || b == 0xDB);
                    noise[i] = (byte) b;
                }
                port.write(noise);
                readIgnoringReset(buf, NOISE_INTERVAL_MILLIS);
            }
        }
        return false;
    }

    private int readIgnoringReset(byte[] buf, long timeout) throws IOException {
        try {
            return port.read(buf, 0, buf.length, timeout);
        } catch (ResetSignal reset) {
            port.rebootClean();
            return 0;
        }
    }

    private void runBoot(Boot strapped, int cause) throws IOException {
        port.rebootClean();
        boolean esp32 = config.chip().esp32Family();
        if (config.fault(Fault.Kind.BOOT_FROM_FLASH).isPresent()) {
            banner(esp32 ? BootBanner.esp32Family(config.chip(), false, false) : BootBanner.esp8266(cause, 3, 6));
            consumeForever(true);
        }
        if (config.fault(Fault.Kind.WRONG_BOOT_MODE).isPresent()) {
            banner(BootBanner.esp8266(cause, 7, 7));
            consumeForever(true);
        }
        Boot boot = strapped;
        boolean watchdog = false;
        while (true) {
            if (boot == Boot.FLASH) {
                banner(esp32 ? BootBanner.esp32Family(config.chip(), false, watchdog) : BootBanner.esp8266(cause, 3, 6));
                runFirmware();
                return;
            }
            if (config.bootJunk() || watchdog) {
                banner(esp32 ? BootBanner.esp32Family(config.chip(), true, watchdog) : BootBanner.esp8266(cause, 1, 7));
            }
            link.setDeviceBaud(bannerBaud(), true);
            watchdog = false;
            Exit exit = esp32 ? esp32Rom() : esp8266Rom();
            switch (exit) {
                case RUN_USER_CODE:
                    runFirmware();
                    return;
                case REBOOT:
                    cause = BootBanner.CAUSE_EXTERNAL;
                    port.rebootClean();
                    continue;
                case WATCHDOG_RESET:
                    // a full chip reset: the strapping pins are sampled again
                    port.rebootClean();
                    watchdog = true;
                    boot = link.gpio0Low() ? Boot.DOWNLOAD : Boot.FLASH;
                    continue;
                case CRASHED:
                    consumeForever(true);
                    return;
                case RUN_STUB:
                default:
                    if (config.fault(Fault.Kind.STUB_SILENT).isPresent()) {
                        consumeForever(true); // hung in the uploaded code until the next reset
                    }
                    if (runStub()) {
                        runFirmware();
                        return;
                    }
                    cause = BootBanner.CAUSE_EXTERNAL;
                    port.rebootClean();
            }
        }
    }

    /** How a ROM loader session ended, whichever chip's ROM ran. */
    private enum Exit { RUN_USER_CODE, REBOOT, RUN_STUB, CRASHED, WATCHDOG_RESET }

    private Exit esp8266Rom() throws IOException {
        return Exit.valueOf(new RomLoader(port, registers, chip, config).run().name());
    }

    private Exit esp32Rom() throws IOException {
        return Exit.valueOf(new Esp32RomLoader(port, esp32Registers, chip, config).run().name());
    }

    /** Runs stubs until one says run user code (true) or reboot (false). */
    private boolean runStub() throws IOException {
        while (true) {
            MemoryBus bus = esp32Registers != null ? esp32Registers : registers;
            byte[] security = config.chip() == Chip.ESP32C3 ? Esp32RomLoader.securityInfoBody() : null;
            StubLoader.Exit exit = new StubLoader(port, bus, chip, security, config.stubReadsCompressed()).run();
            if (exit == StubLoader.Exit.RUN_USER_CODE) {
                return true;
            }
            if (exit == StubLoader.Exit.REBOOT) {
                return false;
            }
        }
    }

    private int bannerBaud() {
        return config.chip().esp32Family() ? 115200 : BootBanner.esp8266BannerBaud(config.crystalMhz());
    }

    private void banner(byte[] text) throws IOException {
        link.setDeviceBaud(bannerBaud(), true);
        port.write(text);
    }

    private void consumeForever(boolean resettable) throws IOException {
        byte[] buf = new byte[1024];
        while (true) {
            if (resettable) {
                port.read(buf, 0, buf.length, 60_000);
            } else {
                readIgnoringReset(buf, 60_000);
            }
        }
    }

    // One console stream for every boot of the session: a firmware keeps one reader per stream, and a
    // reader of a previous boot's stream would take the lines typed after a software restart.
    private final ConsoleIn consoleIn = new ConsoleIn();
    private final ConsoleOut consoleOut = new ConsoleOut();

    private void runFirmware() throws IOException {
        while (true) {
            port.drain();
            link.setDeviceBaud(CONSOLE_BAUD, false);
            Firmware firmware = config.firmwareSelector().select(flash);
            Firmware.Exit exit = firmware.run(flash, consoleIn, consoleOut);
            if (port.resetRequested()) {
                throw new ResetSignal();
            }
            if (exit != Firmware.Exit.REBOOT) {
                consumeForever(true);
            }
            if (config.bootJunk() && config.tasmotaDialect().realRelease() && config.chip() != Chip.ESP32) {
                // A software restart goes through the ROM, which prints its banner at 74880 baud:
                // garbage to a console at 115200 just before the next boot log.
                banner(BootBanner.esp8266(BootBanner.CAUSE_EXTERNAL, 3, 6));
            }
        }
    }

    /** Waits while EN is held low, then samples GPIO0 shortly after it rises. */
    private Boot waitForResetRelease() throws IOException {
        while (true) {
            while (link.heldInReset()) {
                if (link.isClosed()) {
                    throw new LinkClosedException("link closed during reset");
                }
                DevicePort.sleepNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            long wait = link.enRoseAt() + STRAP_SAMPLE_DELAY_NANOS - System.nanoTime();
            DevicePort.sleepNanos(wait);
            if (!link.heldInReset()) {
                return link.gpio0Low() ? Boot.DOWNLOAD : Boot.FLASH;
            }
        }
    }

    /** The firmware's view of UART RX: -1 once the link has closed. */
    private final class ConsoleIn extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                int n;
                try {
                    n = port.read(b, off, len, 60_000);
                } catch (LinkClosedException e) {
                    return -1;
                }
                if (n > 0) {
                    return n;
                }
            }
        }
    }

    private final class ConsoleOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            port.write(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            port.write(java.util.Arrays.copyOfRange(b, off, off + len));
        }
    }
}

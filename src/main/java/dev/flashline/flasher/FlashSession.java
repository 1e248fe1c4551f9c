package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.loader.Connector;
import dev.flashline.loader.Links;
import dev.flashline.loader.Loader;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.StubImage;
import dev.flashline.loader.StubLoader;
import dev.flashline.loader.SyncObservation;
import dev.flashline.loader.Esp32RomCommands;
import dev.flashline.chip.ChipDetector;
import dev.flashline.chip.ChipFamily;
import dev.flashline.chip.ChipInfo;
import dev.flashline.transport.Transport;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connected device: the link, the loader in charge (ROM or stub) and what identification
 * found. Opening does reset → sync → identify → start the stub → switch baud; closing does the
 * `--after` action and releases the port.
 */
public final class FlashSession implements AutoCloseable {
    private static final long REOPEN_PAUSE_MS = 300;
    /** Connection attempts when a line fault (not a missing device) spoils the start. */
    private static final int START_ATTEMPTS = 3;
    /** How long a device that dropped off is waited for before the operation fails (unless the wait timeout says otherwise). */
    static final long RECONNECT_MS = 20_000;
    private static final long RESYNC_MS = 9_000;

    private final ChipInfo chip;
    private final ConnectOptions options;
    private final Consumer<String> log;
    private final Function<String, Transport> ports;
    private String stubNote;
    private Transport transport;
    private Loader loader;
    private ChipFamily family;
    /** The ESP32-family ROM's own commands when that ROM is in charge (no stub), else null. */
    private Esp32RomCommands esp32Rom;

    private FlashSession(Transport transport, Started started, ConnectOptions options, Consumer<String> log,
                         Function<String, Transport> ports) {
        this.transport = transport;
        this.loader = started.loader();
        this.chip = started.chip();
        this.stubNote = started.note();
        this.family = started.family();
        this.esp32Rom = started.rom();
        this.options = options;
        this.log = log;
        this.ports = ports;
    }

    /** What starting on an open link produced. */
    private record Started(Loader loader, ChipInfo chip, String note, ChipFamily family, Esp32RomCommands rom) {
    }

    /** Opens the port named in the options (see the contract's port URL forms). */
    public static FlashSession open(ConnectOptions options, Consumer<String> log) {
        return open(options, log, Links::open);
    }

    /**
     * Opens through a caller-supplied transport factory (in-process virtual devices, tests). The
     * factory is kept: a device that drops off mid-operation is reopened through it.
     */
    public static FlashSession open(ConnectOptions options, Consumer<String> log, Function<String, Transport> ports) {
        long deadline = options.waitMillis() > 0 ? System.currentTimeMillis() + options.waitMillis() : Long.MAX_VALUE;
        boolean waiting = options.before() == ResetStrategy.WAIT;
        int spoiled = 0;
        while (true) {
            Transport transport = null;
            Loader loader;
            try {
                transport = ports.apply(options.port());
                loader = Connector.connect(transport, options.before(), options.waitMillis(), log, options.baud());
            } catch (FlashlineException e) {
                Links.closeQuietly(transport);
                // While waiting for a device, a port that is not there yet or a link that drops is normal.
                boolean retryable = e.code() == ErrorCode.PORT_UNAVAILABLE || e.code() == ErrorCode.LINK_CLOSED;
                // A link cut while syncing (a cable that wiggled) gets a few fresh starts too.
                boolean again = waiting ? retryable && System.currentTimeMillis() <= deadline
                        : e.code() == ErrorCode.LINK_CLOSED && ++spoiled < START_ATTEMPTS;
                if (!again) {
                    throw e.code() == ErrorCode.LINK_CLOSED ? closedWhileConnecting(options.port(), e) : e;
                }
                pause(options.port());
                continue;
            } catch (RuntimeException e) {
                Links.closeQuietly(transport);
                throw e;
            }
            try {
                return new FlashSession(transport, start(transport, loader, options, log, null), options, log, ports);
            } catch (FlashlineException e) {
                Links.closeQuietly(transport);
                // A damaged byte while identifying or starting the stub costs a fresh start, not the device.
                // While starting, a refused command (a MEM_DATA the ROM found invalid) is a damaged request too.
                boolean lineFault = LineFaults.isLineFault(e) || e.code() == ErrorCode.COMMAND_FAILED;
                if (!lineFault || ++spoiled >= START_ATTEMPTS) {
                    if (e.code() == ErrorCode.LINK_CLOSED) {
                        // It answered SYNC, then went away: a device dropping off, not an empty port.
                        throw new FlashlineException(ErrorCode.LINK_CLOSED, "The device on " + options.port()
                                + " answered SYNC, then the link closed while it was being identified or its stub started: "
                                + e.getMessage(), Hint.text("Check the power supply (a weak 3.3 V resets the chip), the cable"
                                + " and the adapter."), e);
                    }
                    throw e;
                }
                log.accept("Connecting was disturbed (" + e.getMessage() + "): connecting again");
                pause(options.port());
            } catch (RuntimeException e) {
                Links.closeQuietly(transport);
                throw e;
            }
        }
    }

    private static FlashlineException closedWhileConnecting(String port, FlashlineException e) {
        return new FlashlineException(ErrorCode.DEVICE_UNREACHABLE, "The link to " + port + " closed while connecting: "
                + (e.getCause() != null ? e.getCause() : e).getMessage(), Hint.text("Check the cable and that nothing else uses the port, then try again."), e);
    }

    /** Identify, start the stub, set the flash geometry and the baud; {@code expectedMac} (on reconnect) must match. */
    private static Started start(Transport transport, Loader loader, ConnectOptions options, Consumer<String> log,
                                 String expectedMac) {
        ChipFamily family = ChipDetector.detect(loader);
        if (family != ChipFamily.ESP8266) {
            Esp32Start started = Esp32Start.start(loader, family, options, log);
            sameDevice(transport, started.chip(), expectedMac);
            return new Started(started.loader(), started.chip(), started.note(), family, started.rom());
        }
        ChipInfo chip = Identification.confirmed(loader);
        sameDevice(transport, chip, expectedMac);
        log.accept(String.format("Connected: %s, MAC %s, flash %s (JEDEC %s), crystal %d MHz%s", chip.chip(), chip.mac(),
                chip.flashSize(), chip.flashJedecId(), chip.crystalMhz(),
                loader.baud() != Loader.ROM_BAUD ? ", at " + loader.baud() + " baud from the start" : ""));
        String stubNote = "ROM loader";
        if (loader instanceof RomLoader rom && !options.noStub()) {
            Optional<StubImage> stub = options.stubFile() != null ? Optional.of(StubImage.load(options.stubFile()))
                    : StubImage.bundled();
            if (stub.isPresent()) {
                log.accept("Starting flasher stub (" + stub.get().origin() + ")...");
                try {
                    loader = rom.runStub(stub.get());
                } catch (FlashlineException e) {
                    if (e.code() != ErrorCode.STUB_NO_GREETING && e.code() != ErrorCode.LINK_TIMEOUT) {
                        throw e;
                    }
                    throw new StubNotStartedException(chip, stub.get().origin(), options.stubFile() == null, e);
                }
                stubNote = stub.get().origin();
            } else {
                log.accept("No flasher stub available: using the ROM loader (no read-flash, no MD5 verify, 115200 baud).");
            }
        } else if (loader instanceof StubLoader) {
            stubNote = "stub already running";
        }
        if (loader instanceof StubLoader stubLoader) {
            stubLoader.spiSetParams(chip.flashSizeBytes());
            if (stubLoader.baud() != options.baud()) {
                log.accept("Changing baud rate to " + options.baud());
                stubLoader.changeBaud(options.baud());
            }
        } else if (loader.baud() != options.baud()) {
            log.accept("The ESP8266 ROM loader cannot change its baud rate (only a stub can): staying at 115200.");
        }
        return new Started(loader, chip, stubNote, family, null);
    }

    /** On a reconnect the device that answers must be the one being worked on. */
    private static void sameDevice(Transport transport, ChipInfo chip, String expectedMac) {
        if (expectedMac != null && !expectedMac.equals(chip.mac())) {
            throw new FlashlineException(ErrorCode.DEVICE_FAILED, "A different device (MAC " + chip.mac()
                    + ") answered on " + transport.description() + " where " + expectedMac + " was being worked on",
                    Hint.text("Put the first device back and run the operation again; its flash content is not verified."));
        }
    }

    /**
     * Gets a working loader back after a line fault: SYNC on the same link when it is still there
     * and the same loader answers; otherwise reopen the port through the factory (waiting up to
     * {@link #RECONNECT_MS} or the wait timeout), start again and check that it is the same device. The caller decides
     * what to do about the operation that was cut; this only restores the session.
     *
     * @return what was done, for the log
     * @throws FlashlineException {@link ErrorCode#LINK_CLOSED} when the device did not come back in time
     */
    public String recover(FlashlineException cause) {
        if (cause.code() != ErrorCode.LINK_CLOSED) {
            try {
                SyncObservation seen = Connector.resync(loader.link(), RESYNC_MS);
                if (seen.synced() && seen.stubRunning() == loader.isStub()) {
                    return "resynchronised";
                }
            } catch (FlashlineException e) {
                if (e.code() != ErrorCode.LINK_CLOSED && e.code() != ErrorCode.LINK_ERROR) {
                    throw e;
                }
            }
        }
        reconnect();
        return "reconnected";
    }

    private void reconnect() {
        Links.closeQuietly(transport);
        long bound = options.waitMillis() > 0 ? options.waitMillis() : RECONNECT_MS;
        long deadline = System.currentTimeMillis() + bound;
        FlashlineException last = null;
        ResetStrategy reset = options.before() == ResetStrategy.NO_RESET ? ResetStrategy.DEFAULT_RESET : options.before();
        do {
            Transport next = null;
            try {
                next = ports.apply(options.port());
                Loader fresh = Connector.connect(next, reset, Math.max(1, deadline - System.currentTimeMillis()), m -> { },
                        options.baud());
                Started started = start(next, fresh, options, log, chip.mac());
                transport = next;
                loader = started.loader();
                stubNote = started.note();
                family = started.family();
                esp32Rom = started.rom();
                return;
            } catch (FlashlineException e) {
                Links.closeQuietly(next);
                if (e.code() == ErrorCode.INTERRUPTED || e.code() == ErrorCode.DEVICE_FAILED) {
                    throw e;
                }
                last = e;
            } catch (RuntimeException e) {
                Links.closeQuietly(next);
                throw e;
            }
            pause(options.port());
        } while (System.currentTimeMillis() < deadline);
        throw new FlashlineException(ErrorCode.LINK_CLOSED, "The device on " + options.port() + " dropped off and did not come back within "
                + Math.max(1, bound / 1000) + " s" + (last != null ? " (last try: " + last.getMessage() + ")" : ""),
                Hint.text("Reconnect it (in download mode) and run it again; its flash content is not verified."), last);
    }

    public ChipInfo chip() {
        return chip;
    }

    public Loader loader() {
        return loader;
    }

    /**
     * Starts the firmware in flash: through the loader in charge (ESP8266 ROM's "run user code", a
     * stub's RUN_USER_CODE), or for an ESP32-family ROM by a reset (RTS, or the RTC watchdog).
     */
    public void runFirmware() {
        if (esp32Rom != null) {
            Esp32Start.resetIntoFirmware(transport, loader, family, log);
        } else {
            loader.runUserCode();
            log.accept("Soft reset: the device runs its firmware.");
        }
    }

    /** The chip family detected at connect time. */
    public ChipFamily family() {
        return family;
    }

    /** The ESP32-family ROM's own commands when that ROM is in charge (no stub), else null. */
    public Esp32RomCommands esp32Rom() {
        return esp32Rom;
    }

    public Transport transport() {
        return transport;
    }

    /** Which loader runs: "ROM loader", the stub's origin, or "stub already running". */
    public String loaderDescription() {
        return stubNote;
    }

    /** The stub session, or a clear error saying that {@code what} needs one. */
    public StubLoader requireStub(String what) {
        if (loader instanceof StubLoader s) {
            return s;
        }
        String rom = (chip == null ? "chip's" : chip.chip()) + " ROM loader";
        throw new FlashlineException(ErrorCode.NEEDS_STUB, what + " needs a flasher stub: the " + rom + " cannot do it",
                options.noStub() ? Hint.of("Drop {} (the bundled stub is used), or pass a stub file with {}.", Setting.NO_STUB, Setting.STUB)
                        : Hint.of("Pass a flasher stub file with {} (esptool's JSON layout).", Setting.STUB));
    }

    public void log(String message) {
        log.accept(message);
    }

    @Override
    public void close() {
        try {
            if (options.after() == AfterAction.SOFT_RESET) {
                runFirmware();
            }
        } catch (RuntimeException e) {
            log.accept("Could not soft-reset the device: " + e.getMessage());
        } finally {
            Links.closeQuietly(transport);
        }
    }

    /** Lets go of the port without any reset: the device keeps doing what it does. Safe to call twice. */
    public void release() {
        Links.closeQuietly(transport);
    }

    private static void pause(String port) {
        try {
            Thread.sleep(REOPEN_PAUSE_MS);
        } catch (InterruptedException e) {
            throw Links.interrupted(e, "while waiting for a device on " + port);
        }
    }
}

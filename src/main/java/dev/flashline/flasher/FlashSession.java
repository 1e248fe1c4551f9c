package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import dev.flashline.loader.Connector;
import dev.flashline.loader.Links;
import dev.flashline.loader.Loader;
import dev.flashline.loader.LoaderTimeoutException;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.StubImage;
import dev.flashline.loader.StubLoader;
import dev.flashline.chip.ChipDetector;
import dev.flashline.chip.ChipFamily;
import dev.flashline.chip.ChipInfo;
import dev.flashline.chip.Esp8266Chip;
import dev.flashline.loader.Esp32RomCommands;
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

    private final Transport transport;
    private final ChipInfo chip;
    private final ConnectOptions options;
    private final Consumer<String> log;
    private final String stubNote;
    private Loader loader;
    private ChipFamily family = ChipFamily.ESP8266;
    private Esp32RomCommands esp32Rom;

    private FlashSession(Transport transport, Loader loader, ChipInfo chip, ConnectOptions options,
                         Consumer<String> log, String stubNote) {
        this.transport = transport;
        this.loader = loader;
        this.chip = chip;
        this.options = options;
        this.log = log;
        this.stubNote = stubNote;
    }

    /** Opens the port named in the options (see the contract's port URL forms). */
    public static FlashSession open(ConnectOptions options, Consumer<String> log) {
        return open(options, log, Links::open);
    }

    /** Opens through a caller-supplied transport factory (in-process virtual devices, tests). */
    public static FlashSession open(ConnectOptions options, Consumer<String> log, Function<String, Transport> ports) {
        long deadline = options.waitMillis() > 0 ? System.currentTimeMillis() + options.waitMillis() : Long.MAX_VALUE;
        boolean waiting = options.before() == ResetStrategy.WAIT;
        while (true) {
            Transport transport = null;
            Loader loader;
            try {
                transport = ports.apply(options.port());
                loader = Connector.connect(transport, options.before(), options.waitMillis(), log);
            } catch (FlashlineException e) {
                Links.closeQuietly(transport);
                // While waiting for a device, a port that is not there yet or a link that drops is normal.
                boolean retryable = e.code() == ErrorCode.PORT_UNAVAILABLE || e.code() == ErrorCode.LINK_CLOSED;
                if (!retryable || !waiting || System.currentTimeMillis() > deadline) {
                    throw e.code() == ErrorCode.LINK_CLOSED ? closedWhileConnecting(options.port(), e) : e;
                }
                pause(options.port());
                continue;
            } catch (RuntimeException e) {
                Links.closeQuietly(transport);
                throw e;
            }
            try {
                return start(transport, loader, options, log);
            } catch (FlashlineException e) {
                Links.closeQuietly(transport);
                if (e.code() == ErrorCode.LINK_CLOSED) {
                    // It answered SYNC, then went away: a device dropping off, not an empty port.
                    throw new FlashlineException(ErrorCode.LINK_CLOSED, "The device on " + options.port()
                            + " answered SYNC, then the link closed while it was being identified or its stub started: "
                            + e.getMessage(), Hint.text("Check the power supply (a weak 3.3 V resets the chip), the cable"
                            + " and the adapter."), e);
                }
                throw e;
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

    private static FlashSession start(Transport transport, Loader loader, ConnectOptions options, Consumer<String> log) {
        ChipFamily family = ChipDetector.detect(loader);
        if (family != ChipFamily.ESP8266) {
            Esp32Start started = Esp32Start.start(loader, family, options, log);
            FlashSession session = new FlashSession(transport, started.loader(), started.chip(), options, log,
                    started.note());
            session.family = family;
            session.esp32Rom = started.rom();
            return session;
        }
        ChipInfo chip = Esp8266Chip.identify(loader);
        log.accept(String.format("Connected: %s, MAC %s, flash %s (JEDEC %s), crystal %d MHz", chip.chip(), chip.mac(),
                chip.flashSize(), chip.flashJedecId(), chip.crystalMhz()));
        String stubNote = "ROM loader";
        if (loader instanceof RomLoader rom && !options.noStub()) {
            Optional<StubImage> stub = options.stubFile() != null ? Optional.of(StubImage.load(options.stubFile()))
                    : StubImage.bundled();
            if (stub.isPresent()) {
                log.accept("Starting flasher stub (" + stub.get().origin() + ")...");
                try {
                    loader = rom.runStub(stub.get());
                } catch (LoaderTimeoutException e) {
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
            if (options.baud() != Loader.ROM_BAUD) {
                log.accept("Changing baud rate to " + options.baud());
                stubLoader.changeBaud(options.baud());
            }
        } else if (options.baud() != Loader.ROM_BAUD) {
            log.accept("The ESP8266 ROM loader cannot change its baud rate (only a stub can): staying at 115200.");
        }
        return new FlashSession(transport, loader, chip, options, log, stubNote);
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
        throw new FlashlineException(ErrorCode.NEEDS_STUB, what + " needs a flasher stub: the ESP8266 ROM loader cannot do it",
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

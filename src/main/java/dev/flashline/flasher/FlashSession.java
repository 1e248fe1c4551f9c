package dev.flashline.flasher;

import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.Connector;
import dev.flashline.loader.Loader;
import dev.flashline.loader.LoaderTimeoutException;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.StubImage;
import dev.flashline.loader.StubLoader;
import dev.flashline.target.ChipInfo;
import dev.flashline.target.Esp8266Target;
import dev.flashline.transport.LinkClosedException;
import dev.flashline.transport.Transport;
import dev.flashline.transport.TransportException;
import dev.flashline.transport.Transports;
import java.io.IOException;
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
        return open(options, log, FlashSession::openPort);
    }

    /** Opens through a caller-supplied transport factory (in-process virtual devices, tests). */
    public static FlashSession open(ConnectOptions options, Consumer<String> log, Function<String, Transport> ports) {
        long deadline = options.waitMillis() > 0 ? System.currentTimeMillis() + options.waitMillis() : Long.MAX_VALUE;
        boolean waiting = options.before() == ResetStrategy.WAIT;
        while (true) {
            Transport transport = null;
            try {
                transport = ports.apply(options.port());
                Loader loader = Connector.connect(transport, options.before(), options.waitMillis(), log);
                try {
                    return start(transport, loader, options, log);
                } catch (java.io.UncheckedIOException e) {
                    // It answered SYNC, then went away: a device dropping off, not an empty port.
                    throw FlashlineException.deviceFailed("The device on " + options.port() + " answered SYNC, then the link closed"
                                    + " while it was being identified or its stub started: " + e.getCause().getMessage(),
                            "Check the power supply (a weak 3.3 V resets the chip), the cable and the adapter.");
                }
            } catch (UnreachablePortException e) {
                closeQuietly(transport);
                if (!waiting || System.currentTimeMillis() > deadline) {
                    throw e.toUserError();
                }
                pause();
            } catch (LinkClosedException e) {
                closeQuietly(transport);
                if (!waiting || System.currentTimeMillis() > deadline) {
                    throw FlashlineException.unreachable("The link to " + options.port() + " closed while connecting: "
                            + e.getMessage(), "Check the cable and that nothing else uses the port, then try again.");
                }
                pause();
            } catch (RuntimeException e) {
                closeQuietly(transport);
                throw e;
            }
        }
    }

    private static FlashSession start(Transport transport, Loader loader, ConnectOptions options, Consumer<String> log) {
        ChipInfo chip = Esp8266Target.identify(loader);
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

    private static Transport openPort(String url) {
        try {
            return Transports.open(url);
        } catch (TransportException e) {
            throw new UnreachablePortException(e.getMessage(), e.hint());
        } catch (IOException e) {
            throw new UnreachablePortException("Cannot open " + url + ": " + e.getMessage(),
                    "Check the port name and that no other program holds it.");
        }
    }

    public ChipInfo chip() {
        return chip;
    }

    public Loader loader() {
        return loader;
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
        throw FlashlineException.badInput(what + " needs a flasher stub: the ESP8266 ROM loader cannot do it",
                options.noStub() ? "Drop --no-stub (the bundled stub is used), or pass one with --stub FILE."
                        : "Pass a flasher stub with --stub FILE (esptool's JSON layout).");
    }

    public void log(String message) {
        log.accept(message);
    }

    @Override
    public void close() {
        try {
            if (options.after() == AfterAction.SOFT_RESET) {
                loader.runUserCode();
                log.accept("Soft reset: the device runs its firmware.");
            }
        } catch (RuntimeException e) {
            log.accept("Could not soft-reset the device: " + e.getMessage());
        } finally {
            closeQuietly(transport);
        }
    }

    /** Lets go of the port without any reset: the device keeps doing what it does. Safe to call twice. */
    public void release() {
        closeQuietly(transport);
    }

    private static void closeQuietly(Transport t) {
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // closing a dead port: nothing more to do
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(REOPEN_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FlashlineException.unreachable("Interrupted while waiting for a device", "");
        }
    }

    /** The port itself could not be opened (no such device, refused connection). */
    private static final class UnreachablePortException extends RuntimeException {
        private final String hint;

        UnreachablePortException(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        FlashlineException toUserError() {
            return FlashlineException.unreachable(getMessage(), hint);
        }
    }
}

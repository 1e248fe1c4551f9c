package dev.flashline.cli;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import dev.flashline.transport.LinkClosedException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Common frame of the device commands: options, output, and errors mapped to the contract's exit codes. */
abstract class DeviceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    Output output;

    @Override
    public final Integer call() {
        output = new Output(FlashlineCli.out(), FlashlineCli.err(), json);
        try {
            return execute();
        } catch (FlashlineException e) {
            output.error(e.getMessage(), e.hint());
            return e.kind().exitCode();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LinkClosedException) {
                output.error("The device went away mid-operation: " + e.getCause().getMessage(),
                        "Reconnect it (in download mode) and run the command again; the flash content is not verified.");
                return FlashlineException.Kind.DEVICE_FAILED.exitCode();
            }
            output.error("I/O error on " + connection.port + ": " + e.getCause().getMessage(),
                    "Check the cable and the port, then run the command again.");
            return FlashlineException.Kind.DEVICE_FAILED.exitCode();
        }
    }

    abstract int execute();

    ConnectOptions connectOptions() {
        return connection.toConnectOptions();
    }

    FlashSession open(ConnectOptions options) {
        return FlashSession.open(options, output::info);
    }
}

package dev.flashline.cli;

import dev.flashline.flasher.ConnectOptions;
import dev.flashline.flasher.FlashSession;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * Common frame of the device commands: the shared options and the output. Failures are reported,
 * and mapped to the contract's exit codes, in one place ({@link CliErrors}).
 */
abstract class DeviceCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    JsonOption jsonOption;

    Output output;

    @Override
    public final Integer call() {
        output = new Output(FlashlineCli.out(), FlashlineCli.err(), jsonOption.json);
        return execute();
    }

    abstract int execute();

    ConnectOptions connectOptions() {
        return connection.toConnectOptions();
    }

    FlashSession open(ConnectOptions options) {
        return FlashSession.open(options, output::info);
    }
}

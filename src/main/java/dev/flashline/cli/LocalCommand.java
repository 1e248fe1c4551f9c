package dev.flashline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** Common frame of the commands that need no device: --json, output, errors mapped to exit codes. */
abstract class LocalCommand implements Callable<Integer> {
    @Mixin
    JsonOption jsonOption;

    Output output;

    /** Whether --json was given. */
    boolean json() {
        return jsonOption.json;
    }

    @Override
    public final Integer call() {
        output = new Output(FlashlineCli.out(), FlashlineCli.err(), json());
        try {
            return execute();
        } catch (RuntimeException e) {
            return CliErrors.report(e, output);
        }
    }

    abstract int execute();
}

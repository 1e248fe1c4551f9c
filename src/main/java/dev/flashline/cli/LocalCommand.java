package dev.flashline.cli;

import dev.flashline.errors.FlashlineException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** Common frame of the commands that need no device: --json, output, errors mapped to exit codes. */
abstract class LocalCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the result as JSON on stdout.")
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
        }
    }

    abstract int execute();
}

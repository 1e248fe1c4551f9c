package dev.flashline.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: `java -jar flashline.jar COMMAND [OPTIONS]`. */
@Command(name = "flashline", mixinStandardHelpOptions = true, version = "flashline 0.1.0",
        description = "Back up, flash and configure ESP8266 / ESP8285 devices (Sonoff) with Tasmota.",
        subcommands = {ChipInfoCommand.class, ReadFlashCommand.class, WriteFlashCommand.class, VerifyFlashCommand.class,
                EraseFlashCommand.class, DoctorCommand.class, SimulateCommand.class, RunCommand.class, BenchmarkCommand.class,
                FirmwareCommand.class, PortsCommand.class, AuditCommand.class, RestoreCommand.class})
public final class FlashlineCli {
    private static PrintStream out = System.out;
    private static PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line with the given streams and returns the exit status (tests call this). */
    public static synchronized int run(String[] args, PrintStream stdout, PrintStream stderr) {
        out = stdout;
        err = stderr;
        CommandLine cli = new CommandLine(new FlashlineCli());
        cli.setOut(new java.io.PrintWriter(stdout, true));
        cli.setErr(new java.io.PrintWriter(stderr, true));
        cli.setParameterExceptionHandler((ex, argv) -> {
            stderr.println("error: " + ex.getMessage());
            ex.getCommandLine().usage(stderr);
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, command, parsed) ->
                CliErrors.report(ex, new Output(stdout, stderr, jsonRequested(parsed))));
        return cli.execute(args);
    }

    private static boolean jsonRequested(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--json");
    }

    static PrintStream out() {
        return out;
    }

    static PrintStream err() {
        return err;
    }
}

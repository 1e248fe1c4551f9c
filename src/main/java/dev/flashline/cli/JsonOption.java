package dev.flashline.cli;

import picocli.CommandLine.Option;

/** {@code --json}: the command's result as one JSON object on stdout. */
final class JsonOption {
    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;
}

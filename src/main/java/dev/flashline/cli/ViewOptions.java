package dev.flashline.cli;

import dev.flashline.station.OperatorView;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** How `run` shows itself: the live table on a terminal, plain lines, JSON lines or quiet; the station page. */
final class ViewOptions {
    @Option(names = "--no-web", description = "Do not serve the station page (default http://0.0.0.0:8266/, port from flashline.web.port; 0 = off).")
    boolean noWeb;

    @Option(names = "--quiet", description = "Print only the batch summary and errors.")
    boolean quiet;

    @Option(names = "--json", description = "Print the line's events as JSON lines on stdout (plain progress lines stay on stderr).")
    boolean json;

    OperatorView view(PrintStream out, PrintStream err) {
        return new OperatorView(new OperatorView.Options(OperatorView.detectMode(quiet, json), noWeb ? Integer.valueOf(0) : null, out, err));
    }
}

package dev.flashline.cli;

import dev.flashline.flasher.Progress;
import java.io.PrintStream;

/** A progress line on stderr: rewritten in place on a terminal, one line per 10 % otherwise. */
final class ProgressLine implements Progress {
    private final PrintStream err;
    private final boolean terminal = System.console() != null;
    private String lastPhase = "";
    private int lastPercent = -1;

    ProgressLine(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void update(String phase, long done, long total) {
        int percent = total <= 0 ? 100 : (int) (done * 100 / total);
        boolean newPhase = !phase.equals(lastPhase);
        if (!newPhase && (terminal ? percent == lastPercent : percent / 10 == lastPercent / 10)) {
            return;
        }
        if (newPhase && terminal && !lastPhase.isEmpty()) {
            err.println();
        }
        lastPhase = phase;
        lastPercent = percent;
        String line = String.format("%-6s %3d%% (%d/%d bytes)", phase, percent, done, total);
        if (terminal) {
            err.print("\r" + line);
            if (percent >= 100) {
                err.println();
                lastPhase = "";
            }
        } else {
            err.println(line);
        }
        err.flush();
    }
}

package dev.flashline.station;

import dev.flashline.events.DeviceSummary;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws the station for a terminal of a given width: a counter line, a header and one row per port
 * (port, adapter, state, MAC, device, elapsed, ETA, and what the operator should do or what went
 * wrong, with what to try on a line below). Narrow terminals lose the adapter and device columns first. No line is wider than the
 * terminal, so nothing wraps and the table can be redrawn in place.
 */
public final class TableRenderer {
    private TableRenderer() {
    }

    public static List<AttributedString> table(StationSnapshot s, int width) {
        boolean wide = width >= 110;
        boolean medium = width >= 90;
        int portWidth = Math.max(12, Math.min(26, longestPort(s) + 1));
        List<AttributedString> lines = new ArrayList<>();
        lines.add(fit(new AttributedStringBuilder().style(AttributedStyle.BOLD).append(counters(s.batch())).toAttributedString(), width));
        AttributedStringBuilder header = new AttributedStringBuilder().style(AttributedStyle.DEFAULT.faint());
        header.append(pad("PORT", portWidth));
        if (wide) {
            header.append(pad("ADAPTER", 12));
        }
        header.append(pad("STATE", 22)).append(pad("MAC", 18));
        if (medium) {
            header.append(pad("DEVICE", 16));
        }
        header.append(pad("TIME", 7)).append(pad("ETA", 6)).append("NOTE");
        lines.add(fit(header.toAttributedString(), width));
        for (PortRow r : s.ports()) {
            AttributedStringBuilder b = new AttributedStringBuilder();
            b.append(pad(tail(r.port(), portWidth - 1), portWidth));
            if (wide) {
                b.append(pad(r.adapter(), 12));
            }
            b.style(stateStyle(r.state())).append(pad(stateText(r), 22)).style(AttributedStyle.DEFAULT);
            // An empty port has no MAC, device or times: its instruction or cause starts right after the state.
            if (r.mac() != null) {
                b.append(pad(r.mac(), 18));
                if (medium) {
                    b.append(pad(r.name(), 16));
                }
                b.append(pad(r.elapsedMs() > 0 ? duration(r.elapsedMs() / 1000) : "", 7));
                b.append(pad(r.etaSeconds() >= 0 ? duration(r.etaSeconds()) : "", 6));
            }
            String note = note(r);
            if (note != null) {
                b.style(r.cause() != null ? AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT.faint())
                        .append(note);
            }
            lines.add(fit(b.toAttributedString(), width));
            if (r.cause() != null && r.hint() != null) {
                // What to try gets its own line under the row: the cause alone often fills the note column.
                lines.add(fit(new AttributedStringBuilder().append(" ".repeat(portWidth)).style(AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW))
                        .append("→ ").append(r.hint()).toAttributedString(), width));
            }
        }
        return lines;
    }

    /** The line a finished device leaves above the table. */
    public static AttributedString finished(DeviceSummary d, int width) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        if (d.provisioned()) {
            b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)).append("✔ provisioned ");
        } else {
            b.style(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)).append("✘ failed      ");
        }
        b.style(AttributedStyle.DEFAULT).append(d.port()).append("  ").append(orDash(d.mac())).append("  ").append(orDash(d.name()));
        if (d.ip() != null) {
            b.append("  ").append(d.ip());
        }
        b.append(String.format("  %.1f s", d.seconds()));
        if (!d.provisioned()) {
            b.append("  at ").append(orDash(d.failedStep())).append(": ").append(orDash(d.message()));
            if (d.hint() != null) {
                b.append(" — ").append(d.hint());
            }
        }
        return fit(b.toAttributedString(), width);
    }

    static String counters(StationSnapshot.Batch b) {
        String of = b.expected() > 0 ? b.done() + "/" + b.expected() : Integer.toString(b.done());
        return "batch " + b.id() + " · " + of + " done · " + b.provisioned() + " provisioned · " + b.failed() + " failed · "
                + b.active() + " active · " + duration(b.elapsedMs() / 1000) + (b.ended() ? (b.interrupted() ? " · interrupted" : " · ended") : "");
    }

    private static String stateText(PortRow r) {
        return r.state().equals("failed") && r.step() != null ? "failed at " + r.step() : r.label();
    }

    /** What the operator reads beside the row: the cause (and what to try) first, else the instruction. */
    static String note(PortRow r) {
        if (r.cause() != null) {
            return r.cause();
        }
        if (r.state().equals("done") && r.ip() != null) {
            return "http://" + r.ip() + "/ · " + r.instruction();
        }
        return r.instruction();
    }

    private static AttributedStyle stateStyle(String state) {
        return switch (state) {
            case "done" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case "failed", "trouble" -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            case "waiting" -> AttributedStyle.DEFAULT.faint();
            default -> AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
        };
    }

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02d", seconds / 3600, seconds % 3600 / 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    private static int longestPort(StationSnapshot s) {
        return s.ports().stream().mapToInt(p -> p.port().length()).max().orElse(8);
    }

    private static String pad(String text, int width) {
        String t = text == null ? "" : text;
        if (t.length() >= width) {
            t = t.substring(0, Math.max(0, width - 1));
        }
        return t + " ".repeat(width - t.length());
    }

    /** The end of a long port name is the part that tells ports apart. */
    private static String tail(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** One column short of the width: a full last column makes some terminals wrap. */
    private static AttributedString fit(AttributedString s, int width) {
        return s.columnLength() < width ? s : s.columnSubSequence(0, Math.max(1, width - 1));
    }
}

package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.events.LineEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** The live view on a fake 100×30 xterm: the table is drawn, finished devices are printed above it. */
class TerminalViewTest {
    @Test
    void drawsTheTableAndPrintsFinishedDevicesAndMessagesAbove() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Terminal terminal = TerminalBuilder.builder().system(false).streams(new ByteArrayInputStream(new byte[0]), screen)
                .type("xterm-256color").size(new Size(100, 30)).encoding(StandardCharsets.UTF_8).build();
        StationState state = new StationState();
        TerminalView view = new TerminalView(terminal, state);
        state.accept(new LineEvent.BatchStarted("b7", "bench", List.of("/dev/ttyUSB0", "/dev/ttyUSB1"), 2));
        state.accept(new LineEvent.PortWaiting("/dev/ttyUSB0", "CH340", "hold the button, power up the device"));
        state.accept(new LineEvent.DeviceFound("/dev/ttyUSB1", "ESP8266EX", "18:fe:34:00:00:01", "1MB"));
        state.accept(new LineEvent.StepStarted("/dev/ttyUSB1", "18:fe:34:00:00:01", "flash"));
        state.accept(new LineEvent.Progress("/dev/ttyUSB1", "flash", "write", 640, 1000, 10, 36));
        view.messages().println("Station page: http://bench:8266/");
        String first = awaitScreen(view, screen, "flashing 64 %");
        assertTrue(first.contains("flashing 64 %"), first);
        assertTrue(first.contains("hold the button, power up the device"), first);
        assertTrue(first.contains("Station page: http://bench:8266/"), first);

        var done = new LineEvent.DeviceDone("/dev/ttyUSB1", Samples.provisioned("/dev/ttyUSB1", "18:fe:34:00:00:01", "kitchen", "10.0.0.5"));
        state.accept(done);
        view.accept(done);
        awaitScreen(view, screen, "✔ provisioned");
        view.close();
        String all = plain(screen);
        assertTrue(all.contains("✔ provisioned /dev/ttyUSB1  18:fe:34:00:00:01  kitchen  10.0.0.5"), all);
        int finishedAt = all.lastIndexOf("✔ provisioned");
        int tableAt = all.lastIndexOf("1/2 done");
        assertTrue(finishedAt >= 0 && tableAt > finishedAt, "the finished line is above the last table drawn");
    }

    /** Redraws (as the ticker does every 200 ms) until {@code text} is on the screen, at most 10 s. */
    private static String awaitScreen(TerminalView view, ByteArrayOutputStream screen, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String shown = plain(screen);
        while (!shown.contains(text) && System.nanoTime() < deadline) {
            view.redraw();
            Thread.sleep(50);
            shown = plain(screen);
        }
        return shown;
    }

    /** The screen bytes without escape sequences. */
    private static String plain(ByteArrayOutputStream screen) {
        return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001B[()][A-Z0-9]", "");
    }
}

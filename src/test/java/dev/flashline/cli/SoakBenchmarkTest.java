package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A short soak (`benchmark --soak` in small): 30 virtual Sonoffs come and go on 2 ports of the real
 * line while 2 000 foreign messages reach the broker. Every device is provisioned, and the line holds
 * no more threads or file descriptors at the end than once it was warm, nor after it stopped than
 * before it started — counts, not timings.
 */
class SoakBenchmarkTest {
    @Test
    void thirtyDevicesThroughTwoPortsLeaveNoThreadsOrDescriptorsBehind() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Output output = new Output(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        SoakBenchmark.Result r = new SoakBenchmark(output, new SoakBenchmark.Settings(30, 2, 400, 2_000, null, 200, 1_000,
                Path.of("config"), Path.of("routes"), 240)).run();
        String printed = err.toString(StandardCharsets.UTF_8);

        assertEquals(30, r.provisioned(), printed);
        assertEquals(0, r.failed(), printed);
        assertEquals(2_000, r.foreignPublished(), printed);
        // Warm (the first devices done) against the end of the run: nothing per device stays behind.
        assertTrue(r.end().threads() <= r.start().threads() + 5, "threads: " + printed);
        assertTrue(r.end().fds() <= r.start().fds() + 10, "open files: " + printed);
        // The line stopped: its threads ended and its sockets and files were closed.
        assertTrue(r.after().threads() <= r.before().threads() + 5, "threads after the line stopped: " + printed);
        assertTrue(r.after().fds() <= r.before().fds() + 10, "open files after the line stopped: " + printed);
        assertFalse(r.verdicts().stream().anyMatch(SoakVerdict::leak), printed);
        assertEquals(0, r.exitCode(), printed);
        assertTrue(printed.contains("verdict live threads:") && printed.contains("heap after GC (MB)"), printed);
    }
}

package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM (what Ctrl-C and service managers send) stops the line within seconds, devices mid-run recorded as interrupted. */
class RunStoppedTest {
    private static final Pattern STEP_LINE = Pattern.compile("^\\[(\\S+) [0-9a-f:]{17}\\] (\\S+)\\s+(ok|FAILED) \\(\\d+ ms\\)$");

    @TempDir
    Path tmp;

    /** Signalled at the k-th step line: while backing up, flashing, or waiting for the broker. */
    @ParameterizedTest
    @ValueSource(ints = {3, 9, 19})
    void sigtermMidRunStopsWithinSecondsAndRecordsTheDevicesAsInterrupted(int atStepLine) throws Exception {
        Path data = tmp.resolve("data");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FlashlineCli.class.getName(), "run", "--no-web", "--simulate", "2", "--config", "config", "--routes", "routes",
                "--data-dir", data.toString(), "--timeout", "100").redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        List<String> ports = new ArrayList<>();
        long signalledAt = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int steps = 0;
            while ((line = in.readLine()) != null) {
                out.append(line).append('\n');
                Matcher m = STEP_LINE.matcher(line);
                if (m.matches() && !ports.contains(m.group(1))) {
                    ports.add(m.group(1));
                }
                if (m.matches() && ++steps == atStepLine && signalledAt == 0) {
                    signalledAt = System.nanoTime();
                    p.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
                }
            }
        } finally {
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), out.toString());
        double seconds = (System.nanoTime() - signalledAt) / 1e9;
        System.out.printf("Stopped %.1f s after SIGTERM at step line %d%n", seconds, atStepLine);
        assertTrue(out.toString().contains("Stopping the line (signal)"), out.toString());
        assertTrue(signalledAt != 0, out.toString());
        assertTrue(seconds < 10, "the line stops within seconds of SIGTERM, took " + seconds + " s\n" + out);

        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(data.resolve("audit"))) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".jsonl")).toList()) {
                for (String l : Files.readAllLines(f)) {
                    records.add(new ObjectMapper().readTree(l));
                }
            }
        }
        assertEquals(2, records.size(), "a record for each device, written on the way out\n" + out);
        for (JsonNode r : records) {
            assertEquals("failed", r.get("status").asText(), r.toString());
            assertTrue(r.get("error").get("message").asText().contains("interrupted"), r.toString());
        }
        Path journal = data.resolve("audit").resolve("journal");
        try (Stream<Path> left = Files.isDirectory(journal) ? Files.list(journal) : Stream.empty()) {
            assertEquals(0, left.filter(f -> !f.getFileName().toString().startsWith(".")).count(), "nothing left for the next start");
        }
    }
}

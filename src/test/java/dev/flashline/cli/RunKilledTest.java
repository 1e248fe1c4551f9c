package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.digest.Digests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `run --simulate 2` in a child JVM killed with SIGKILL while devices are at every step, then run
 * again on the same data directory: the next run reports each device that was mid-run as failed
 * "interrupted" at the step its journal named, the audit log stays valid JSON, no backup file is
 * partial under its name, and the last run provisions its devices from the start.
 */
class RunKilledTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP_LINE = Pattern.compile("^\\[(\\S+) [0-9a-f:]{17}\\] (\\S+)\\s+(ok|FAILED) \\(\\d+ ms\\)$");
    private static final Pattern FINAL_LINE = Pattern.compile("^\\[(\\S+) [0-9a-f:]{17}\\] (PROVISIONED|FAILED)\\b.*");
    private static final int KILLS = 20;
    private static final int STEP_LINES_PER_RUN = 23; // 2 devices × 12 steps, minus the last

    @TempDir
    Path tmp;

    /** What a killed run printed, per port: steps done ok, and whether it printed its final status. */
    private record RunOutput(Map<String, List<String>> okSteps, Map<String, Boolean> finished, Instant started) {
    }

    private record JournalEntry(String id, String port, String step) {
    }

    @Test
    void killedAtEveryStepThenRunAgain() throws Exception {
        Path data = tmp.resolve("data");
        Map<String, Integer> interruptedAt = new TreeMap<>();
        int partsSeen = 0;
        List<JournalEntry> before = null;
        RunOutput beforeOutput = null;
        for (int i = 0; i < KILLS; i++) {
            int k = 1 + i * STEP_LINES_PER_RUN / KILLS;
            RunOutput killed = runAndKill(data, k);
            if (before != null) { // this run started by recovering what the one before left
                checkRecovered(data, before, beforeOutput);
                before.forEach(e -> interruptedAt.merge(e.step(), 1, Integer::sum));
            }
            assertDataConsistent(data, 0);
            List<JournalEntry> entries = journal(data);
            partsSeen += parts(data);
            for (String port : killed.okSteps().keySet()) {
                boolean inJournal = entries.stream().anyMatch(e -> e.port().equals(port));
                assertTrue(inJournal || killed.finished().getOrDefault(port, false) || recordFor(data, port, killed.started()) != null,
                        "device on " + port + " was mid-run at the kill (step line " + k + "): its journal entry must be there");
            }
            before = entries;
            beforeOutput = killed;
        }
        Result last = runToEnd(data);
        checkRecovered(data, before, beforeOutput);
        before.forEach(e -> interruptedAt.merge(e.step(), 1, Integer::sum));
        assertLastRunProvisioned(data, last);
        System.out.println("Interrupted devices per step: " + interruptedAt + "; backup temp files seen after kills: " + partsSeen);
        assertTrue(interruptedAt.size() >= 5, "kill points spread over the steps: " + interruptedAt);
        assertEquals(0, parts(data), "no unfinished backup temp file is left after a complete run");
    }

    /** The run after the kills, to its end. */
    private record Result(int exit, String output, Instant started) {
    }

    private Result runToEnd(Path data) throws Exception {
        // Also a power loss mid-write: a torn last audit line and a backup temp file.
        Path auditFile;
        try (Stream<Path> files = Files.list(data.resolve("audit"))) {
            auditFile = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().reduce((x, y) -> y).orElseThrow();
        }
        Files.writeString(auditFile, "{\"id\":\"torn-by-test\",\"sta", StandardOpenOption.APPEND);
        Files.createDirectories(data.resolve("backups"));
        Files.write(data.resolve("backups").resolve(".incoming-4242.part"), new byte[1000]);
        Instant started = Instant.now();
        Process p = start(data);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        return new Result(p.exitValue(), out, started);
    }

    private void assertLastRunProvisioned(Path data, Result last) throws Exception {
        assertEquals(0, last.exit(), last.output());
        assertTrue(last.output().contains("Audit log repaired: "), last.output());
        assertTrue(last.output().contains("Removed 1 unfinished backup temp file(s)"), last.output());
        assertTrue(last.output().contains("2 of 2 device(s) provisioned."), last.output());
        long provisioned = auditLines(data).stream().filter(r -> r != null && r.get("status").asText().equals("provisioned")
                && Instant.parse(r.get("startedAt").asText()).isAfter(last.started())).count();
        assertEquals(2, provisioned, "the last run provisions both of its devices from the start");
        assertDataConsistent(data, 1);
    }

    private void checkRecovered(Path data, List<JournalEntry> entries, RunOutput killed) throws Exception {
        for (JournalEntry e : entries) {
            JsonNode r = auditLines(data).stream().filter(x -> x != null && x.get("id").asText().equals(e.id())).findFirst()
                    .orElseThrow(() -> new AssertionError("no record for interrupted device " + e));
            if (r.get("status").asText().equals("provisioned")) {
                continue; // killed after its record was written, before its entry was removed: the record stands
            }
            assertEquals("failed", r.get("status").asText(), r.toString());
            assertEquals(e.step(), r.get("failedStep").asText(), r.toString());
            assertTrue(r.get("error").get("message").asText().contains("interrupted"), r.toString());
            List<String> recorded = new ArrayList<>();
            r.get("steps").forEach(s -> recorded.add(s.get("name").asText()));
            List<String> printed = new ArrayList<>(killed.okSteps().getOrDefault(e.port(), List.of()));
            if (!printed.isEmpty() && printed.get(printed.size() - 1).equals(e.step()) && !recorded.contains(e.step())) {
                // Killed between the step's end (printed) and the next step's start (journaled): the entry names
                // the last step started, the one just printed.
                printed.remove(printed.size() - 1);
            }
            assertTrue(recorded.containsAll(printed), "steps printed as done " + printed + " are in the record " + recorded);
            assertFalse(printed.contains(e.step()), "the interrupted step " + e.step() + " had not finished: " + printed);
        }
        assertTrue(journal(data).size() <= 2, "only the devices of the last killed run may be in the journal");
    }

    /** Every audit line is JSON (but the {@code torn} planted ones), every backup's name and sha256 agree with its content. */
    private void assertDataConsistent(Path data, int torn) throws Exception {
        List<JsonNode> lines = auditLines(data);
        assertEquals(torn, lines.stream().filter(l -> l == null).count(), "audit lines that are not JSON");
        Path backups = data.resolve("backups");
        if (Files.isDirectory(backups)) {
            try (Stream<Path> files = Files.list(backups)) {
                for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".bin")).toList()) {
                    String sha = Digests.sha256Hex(f);
                    Matcher m = Pattern.compile("^[0-9a-f]{12}-\\d{8}T\\d{6}Z-([0-9a-f]{8})(-\\d+)?\\.bin$").matcher(f.getFileName().toString());
                    assertTrue(m.matches(), f.toString());
                    assertEquals(m.group(1), sha.substring(0, 8), "backup " + f + " is complete: its name carries its content's hash");
                    assertEquals(1024 * 1024, Files.size(f), "a whole-flash backup of a 1 MB chip");
                }
            }
        }
        for (JsonNode r : lines) {
            if (r != null && r.hasNonNull("backup")) {
                Path f = data.resolve(r.get("backup").get("path").asText());
                assertEquals(r.get("backup").get("sha256").asText(), Digests.sha256Hex(f), "record's backup " + f);
            }
        }
    }

    private RunOutput runAndKill(Path data, int killAtStepLine) throws Exception {
        Instant started = Instant.now();
        Process p = start(data);
        Map<String, List<String>> ok = new LinkedHashMap<>();
        Map<String, Boolean> finished = new HashMap<>();
        StringBuilder all = new StringBuilder();
        int seen = 0;
        long deadline = System.currentTimeMillis() + 90_000;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line).append('\n');
                Matcher step = STEP_LINE.matcher(line);
                Matcher end = FINAL_LINE.matcher(line);
                if (step.matches()) {
                    if (step.group(3).equals("ok")) {
                        ok.computeIfAbsent(step.group(1), x -> new ArrayList<>()).add(step.group(2));
                    }
                    if (++seen == killAtStepLine) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
                        p.waitFor(10, TimeUnit.SECONDS);
                        return new RunOutput(ok, finished, started);
                    }
                } else if (end.matches()) {
                    finished.put(end.group(1), true);
                }
                if (System.currentTimeMillis() > deadline) {
                    break;
                }
            }
        } finally {
            p.destroyForcibly();
        }
        fail("the run ended before step line " + killAtStepLine + ":\n" + all);
        return null;
    }

    private Process start(Path data) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                FlashlineCli.class.getName(), "run", "--no-web", "--simulate", "2", "--config", "config", "--routes", "routes",
                "--data-dir", data.toString(), "--timeout", "100")
                .redirectErrorStream(true).start();
    }

    private static List<JournalEntry> journal(Path data) throws IOException {
        Path dir = data.resolve("audit").resolve("journal");
        List<JournalEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> !x.getFileName().toString().startsWith(".")).toList()) {
                JsonNode e = JSON.readTree(f.toFile());
                assertNotNull(e.get("step"), f.toString());
                entries.add(new JournalEntry(e.get("id").asText(), e.get("port").asText(), e.get("step").asText()));
            }
        }
        return entries;
    }

    private static int parts(Path data) throws IOException {
        Path dir = data.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".part")).count();
        }
    }

    /** Every audit line, parsed; null for a line that is not JSON. */
    private static List<JsonNode> auditLines(Path data) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path dir = data.resolve("audit");
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        out.add(JSON.readTree(line));
                    } catch (IOException e) {
                        out.add(null);
                    }
                }
            }
        }
        return out;
    }

    private static JsonNode recordFor(Path data, String port, Instant since) throws IOException {
        return auditLines(data).stream().filter(r -> r != null && port.equals(r.path("port").asText())
                && Instant.parse(r.get("finishedAt").asText()).isAfter(since)).findFirst().orElse(null);
    }
}

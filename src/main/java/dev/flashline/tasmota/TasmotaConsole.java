package dev.flashline.tasmota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.Links;
import dev.flashline.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tasmota's serial console as a client sees it: the boot log (with its "Tasmota Version" line),
 * commands typed as text lines, and answers logged as {@code RSL: RESULT = {...}} before MQTT is up
 * or {@code MQT: stat/<topic>/RESULT = {...}} after.
 */
public final class TasmotaConsole {
    private static final Pattern VERSION = Pattern.compile("Tasmota Version (\\d+\\.\\d+\\.\\d+(?:\\([^)]*\\))?)");
    // "RSL: RESULT = {...}", "RSL: STATUS2 = {...}", "MQT: stat/sonoff_1/RESULT = {...}"
    private static final Pattern ANSWER = Pattern.compile("(?:RSL|MQT): (?:stat/[^ ]+/)?(RESULT|STATUS\\d*) = (\\{.*\\})\\s*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transport transport;
    private final ConsoleLineReader lines;
    private final Consumer<String> log;

    /** {@code log} receives every console line; give it a masking sink, the console may echo secrets. */
    public TasmotaConsole(Transport transport, Consumer<String> log) {
        this.transport = transport;
        this.lines = new ConsoleLineReader(transport);
        this.log = log;
    }

    /** Waits for the boot log's version line and returns the version, e.g. "14.3.0(release-tasmota)". */
    public String awaitBoot(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String line;
        while ((line = next(deadline)) != null) {
            Matcher m = VERSION.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw FlashlineException.deviceFailed("The device did not boot Tasmota within " + timeoutMillis / 1000
                        + " s (no \"Tasmota Version\" line on its console)",
                "The firmware may not have started: check the flash mode (DOUT is safest) and power-cycle the device.");
    }

    /**
     * Sends one console command (a Backlog counts its sub-commands) and returns the JSON answers,
     * in order. Each answer has the command's name as its first key.
     */
    public List<JsonNode> send(String command, long timeoutMillis) {
        int expected = expectedAnswers(command);
        try {
            transport.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<JsonNode> answers = new ArrayList<>();
        String line;
        while (answers.size() < expected && (line = next(deadline)) != null) {
            Matcher m = ANSWER.matcher(line);
            if (m.find()) {
                try {
                    answers.add(JSON.readTree(m.group(2)));
                } catch (IOException e) {
                    // not JSON after all (a truncated line): keep waiting for the real answer
                }
            }
        }
        if (answers.size() < expected) {
            throw FlashlineException.deviceFailed("Tasmota answered " + answers.size() + " of " + expected
                    + " console commands in time", "Check the serial link; run the device's configuration step again.");
        }
        return answers;
    }

    static int expectedAnswers(String command) {
        String trimmed = command.trim();
        if (trimmed.regionMatches(true, 0, "Backlog", 0, 7)) {
            String rest = trimmed.substring(7).trim();
            int count = 0;
            for (String part : rest.split(";")) {
                if (!part.isBlank()) {
                    count++;
                }
            }
            return Math.max(count, 1);
        }
        return 1;
    }

    private String next(long deadline) {
        try {
            String line = lines.nextLine(deadline);
            if (line != null) {
                log.accept(line);
            }
            return line;
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        }
    }
}

package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short and common-word passwords: a Wi-Fi password of "12345678" and an MQTT password of
 * "tasmota" must neither appear where the line puts secrets nor garble anything else. The same
 * line is run with strong passwords and with these; once run-specific values (ports, times, ids,
 * paths) are normalised, console output and audit records must be the same.
 */
class CommonWordSecretsTest {
    @TempDir
    Path tmp;

    @Test
    void commonWordPasswordsNeitherLeakNorGarbleTheOutputOrTheAuditRecords() throws Exception {
        Run strong = run(tmp.resolve("strong"), LineFixture.WIFI_PASSWORD, LineFixture.MQTT_PASSWORD);
        Run common = run(tmp.resolve("common"), "12345678", "tasmota");

        assertEquals(0, tokens(common.console + common.audit).filter("12345678"::equals).count(),
                "the Wi-Fi password never stands as a value:\n" + common.console + common.audit);
        assertEquals(tokens(strong.console + strong.audit).filter("tasmota"::equals).count(),
                tokens(common.console + common.audit).filter("tasmota"::equals).count(),
                "'tasmota' appears exactly where it does with a strong MQTT password");
        assertEquals(normalised(strong.console), normalised(common.console), "console output otherwise unchanged");
        assertEquals(normalised(strong.audit), normalised(common.audit), "audit records otherwise unchanged");
        assertTrue(common.console.contains("tasmota-demo") || common.audit.contains("tasmota-demo"), common.audit);
    }

    private record Run(String console, String audit) {
    }

    private static Run run(Path root, String wifiPassword, String mqttPassword) throws Exception {
        LineFixture line = new LineFixture(root);
        line.properties.put("flashline.mqtt.user", "bench-user");
        line.env.put("FLASHLINE_WIFI_PASSWORD", wifiPassword);
        line.env.put("FLASHLINE_MQTT_PASSWORD", mqttPassword);
        try (ProvisioningLine.Outcome outcome = line.run(1, null)) {
            assertTrue(outcome.allProvisioned(), line.consoleText());
        }
        StringBuilder audit = new StringBuilder();
        try (Stream<Path> files = Files.walk(line.data.resolve("audit"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                audit.append(Files.readString(f));
            }
        }
        return new Run(line.consoleText().replace(root.toString(), "ROOT"), audit.toString().replace(root.toString(), "ROOT"));
    }

    private static Stream<String> tokens(String text) {
        return Arrays.stream(text.split("[\\s\"'=:,;{}\\[\\]()]+"));
    }

    /** Times, ports, durations, ids and hashes differ between runs; the words around them must not. */
    private static List<String> normalised(String text) {
        return text.lines()
                .map(l -> l.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                        .replaceAll("\\d+", "N"))
                .filter(l -> !l.isBlank())
                .sorted()
                .toList();
    }
}

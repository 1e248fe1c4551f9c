package dev.flashline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as users run it, in a process of its own: only what the shaded jar carries is on the
 * class path (a component missing from its dependencies, as camel-timer once was, fails here and
 * nowhere else). Run by failsafe in `mvn verify`, after `package` built target/flashline.jar.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "flashline.jar");

    @TempDir
    Path tmp;

    @Test
    void packagedJarProvisionsTwoVirtualDevices() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is missing: run `mvn verify` (package builds it first)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve("run.log");
        Path data = tmp.resolve("data");
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "run", "--simulate", "2", "--no-web",
                "--data-dir", data.toString(), "--timeout", "240")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("java -jar target/flashline.jar run --simulate 2 did not end within 300 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        List<JsonNode> records = new AuditLog(data).readAllJson();
        assertEquals(2, records.size(), output);
        for (JsonNode r : records) {
            assertEquals("provisioned", r.get("status").asText(), r.toString());
            assertTrue(r.get("verify").get("ok").asBoolean(), r.toString());
        }
        assertTrue(output.contains("2 of 2 device(s) provisioned."), output);
    }
}

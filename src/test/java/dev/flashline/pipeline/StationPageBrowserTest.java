package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.audit.AuditLog;
import dev.flashline.digest.Digests;
import dev.flashline.sim.Fault;
import dev.flashline.station.HeadlessChromium;
import dev.flashline.station.OperatorView;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station page in a real browser: the line runs four virtual Sonoffs at line rate, as
 * {@code run --simulate 4 --line-rate} does (the first one drops off mid-flash; about 40 s in all), with
 * the page on a free port; headless chromium watches rows appear, progress move, and the final state
 * with its report, backup and audit-record links. Screenshots go to target/.
 */
class StationPageBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROWS = "JSON.stringify(Array.from(document.querySelectorAll('#ports tbody tr'))"
            + ".map(r => [r.dataset.port, r.dataset.state, r.dataset.progress]))";

    @TempDir
    Path tmp;

    @Test
    void pageFollowsTheBatchLiveAndEndsWithReportAndDownloadLinks() throws Exception {
        HeadlessChromium.requireChromium();
        LineFixture line = new LineFixture(tmp);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        OperatorView view = new OperatorView(new OperatorView.Options(OperatorView.Mode.PLAIN, EmbeddedBroker.freePort(), quiet, quiet));
        // The browser starts first (blank), so it is ready when the page appears with the line's Camel context.
        // Its profile lives in a temporary folder of its own, removed when it closes.
        try (HeadlessChromium browser = HeadlessChromium.open("about:blank", 1280, 900)) {
            CompletableFuture<ProvisioningLine.Outcome> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return line.run(4, Fault.dropAfterBytes(60_000), true, view);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (view.webPort() == 0 && System.nanoTime() < deadline && !run.isDone()) {
                Thread.sleep(20);
            }
            assertTrue(view.webPort() > 0, "the page is served once the line's Camel context runs");
            String base = "http://127.0.0.1:" + view.webPort();
            browser.navigate(base + "/");
            Set<String> portsSeen = new HashSet<>();
            Map<String, Set<Integer>> progressSeen = new HashMap<>();
            Set<String> statesSeen = new HashSet<>();
            boolean midShot = false;
            while (!run.isDone()) {
                JsonNode rows = JSON.readTree(browser.eval(ROWS).asText("[]"));
                for (JsonNode r : rows) {
                    portsSeen.add(r.get(0).asText());
                    statesSeen.add(r.get(1).asText());
                    if (r.get(1).asText().equals("flashing") && r.get(2).asInt(0) >= 20 && !midShot) {
                        browser.screenshot(Path.of("target", "station-page-running.png"));
                        midShot = true;
                    }
                    if (!r.get(2).asText().isEmpty()) {
                        progressSeen.computeIfAbsent(r.get(0).asText() + " " + r.get(1).asText(), k -> new HashSet<>())
                                .add(r.get(2).asInt());
                    }
                }
                Thread.sleep(100);
            }
            try (ProvisioningLine.Outcome outcome = run.get()) {
                assertEquals(4, portsSeen.size(), "a row per port: " + portsSeen);
                assertTrue(statesSeen.containsAll(List.of("backup", "flashing")), "states seen live: " + statesSeen);
                boolean moved = progressSeen.values().stream().anyMatch(p -> p.size() >= 2 && p.stream().anyMatch(v -> v > 0 && v < 100));
                assertTrue(moved, "progress moved on the page: " + progressSeen);

                waitFor(browser, "!document.getElementById('reports').hidden");
                JsonNode rows = JSON.readTree(browser.eval(ROWS).asText());
                String failedPort = outcome.rows().stream()
                        .filter(r -> r.status().equals("failed")).findFirst().orElseThrow().port();
                for (JsonNode r : rows) {
                    assertEquals(r.get(0).asText().equals(failedPort) ? "failed" : "done", r.get(1).asText(), rows.toString());
                }
                assertEquals("3", browser.eval("document.getElementById('c-ok').textContent").asText(), "provisioned on the counter");
                assertEquals("1", browser.eval("document.getElementById('c-failed').textContent").asText());
                String failedRowText = browser.eval("document.querySelector('#recent tr.failed').innerText").asText();
                assertTrue(failedRowText.contains("flash:"), failedRowText);

                List<JsonNode> records = new AuditLog(line.data).readAllJson();
                assertEquals(4, browser.eval("document.querySelectorAll('#recent tbody tr').length").asInt());
                HttpClient http = HttpClient.newHttpClient();
                for (JsonNode record : records) {
                    String id = record.get("id").asText();
                    String auditHref = browser.eval("document.querySelector('#recent tr[data-mac=\"" + record.get("mac").asText()
                            + "\"] a[href^=\"/files/audit/\"]').getAttribute('href')").asText();
                    JsonNode served = JSON.readTree(get(http, base + auditHref).body());
                    assertEquals(id, served.get("id").asText());
                    String backupHref = browser.eval("document.querySelector('#recent tr[data-mac=\"" + record.get("mac").asText()
                            + "\"] a[href^=\"/files/backups/\"]').getAttribute('href')").asText();
                    byte[] backup = http.send(HttpRequest.newBuilder(URI.create(base + backupHref)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body();
                    assertEquals(record.get("backup").get("sha256").asText(), Digests.sha256Hex(backup), "the backup link serves the backup");
                    String ip = record.path("network").path("ip").asText("");
                    if (!ip.isEmpty()) {
                        assertEquals(1, browser.eval("document.querySelectorAll('#recent a[href=\"http://" + ip + "/\"]').length").asInt());
                    }
                }
                String reportHref = browser.eval("document.getElementById('report-html').getAttribute('href')").asText();
                assertEquals("/reports/" + view.batchId() + ".html", reportHref);
                HttpResponse<String> report = get(http, base + reportHref);
                assertEquals(200, report.statusCode());
                records.forEach(r -> assertTrue(report.body().contains(r.get("mac").asText())));
                String csvHref = browser.eval("document.getElementById('report-csv').getAttribute('href')").asText();
                assertEquals(5, get(http, base + csvHref).body().trim().split("\n").length, "header and four devices");

                JsonNode state = JSON.readTree(get(http, base + "/api/state").body());
                assertEquals(4, state.get("ports").size());
                for (String field : List.of("port", "state", "mac", "step", "progress")) {
                    assertTrue(state.get("ports").get(0).has(field), field);
                }
                assertEquals(404, get(http, base + "/files/backups/..%2F..%2Fconfig%2Fapplication.properties").statusCode());
                String html = browser.eval("document.documentElement.outerHTML").asText();
                assertFalse(html.contains(LineFixture.WIFI_PASSWORD) || html.contains(LineFixture.MQTT_PASSWORD));

                browser.screenshot(Path.of("target", "station-page.png"));
                browser.viewport(390, 844, true);
                Thread.sleep(300);
                browser.screenshot(Path.of("target", "station-page-phone.png"));
                assertNotNull(view.batchId());
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitFor(HeadlessChromium browser, String condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!browser.eval(condition).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page never showed: " + condition);
            }
            Thread.sleep(100);
        }
    }
}

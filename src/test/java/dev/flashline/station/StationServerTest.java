package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.events.EventBus;
import dev.flashline.events.LineEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's HTTP side on a Camel context: files from the jar, /api/state, /api/events as server-sent events. */
class StationServerTest {
    @TempDir
    Path tmp;

    @Test
    void servesThePageTheStateAndTheEventStream() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EventBus bus = new EventBus();
        StationState state = new StationState();
        bus.subscribe(state);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            StationServer server = StationServer.start(camel, "127.0.0.1", port, state, bus, tmp);
            assertEquals(port, server.port());
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/station.js") && !page.body().contains("://cdn"), "everything from the jar");
            bus.publish(new LineEvent.BatchStarted("b1", "bench", List.of("/dev/ttyUSB0"), 1));
            String json = http.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(json.startsWith("{\"ports\":[{\"port\":\"/dev/ttyUSB0\",\"adapter\""), json);

            HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertEquals("retry: 2000", in.readLine());
                in.readLine();
                assertEquals("event: state", in.readLine());
                assertTrue(in.readLine().startsWith("data: {\"ports\""));
                in.readLine();
                bus.publish(new LineEvent.StepStarted("/dev/ttyUSB0", "aa:bb:cc:dd:ee:ff", "flash"));
                String line;
                do {
                    line = in.readLine();
                } while (line != null && !line.equals("event: step-started"));
                assertEquals("event: step-started", line);
                String data = in.readLine();
                assertTrue(data.contains("\"type\":\"step-started\"") && data.contains("\"step\":\"flash\""), data);
            }
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/files/backups/../../etc/passwd")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            server.close();
        }
    }
}

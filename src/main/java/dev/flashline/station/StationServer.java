package dev.flashline.station;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.errors.FlashlineException;
import dev.flashline.events.EventBus;
import dev.flashline.events.LineEvent;
import io.vertx.core.Context;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station page on Camel's platform-http (Vert.x): {@code /} (the page, from the jar), {@code /api/state} (the station as
 * JSON), {@code /api/events} (server-sent events: every line event, plus a "state" event whenever the
 * station changed, at most every {@value #STATE_EVERY_MS} ms), {@code /files/backups/…} and
 * {@code /files/audit/<id>.json} (downloads), {@code /reports/<batch>.html|.csv}. Read-only.
 */
public final class StationServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StationServer.class);
    static final long STATE_EVERY_MS = 250;
    private static final Pattern REPORT_NAME = Pattern.compile("[A-Za-z0-9._-]+\\.(html|csv)");
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/station.css", "station.css", "/station.js", "station.js");

    private final CamelContext camel;
    private final VertxPlatformHttpServer http;
    private final Vertx vertx;
    private final StationState state;
    private final EventBus bus;
    private final Path dataDir;

    private StationServer(CamelContext camel, VertxPlatformHttpServer http, StationState state, EventBus bus, Path dataDir) {
        this.camel = camel;
        this.http = http;
        this.vertx = http.getVertx();
        this.state = state;
        this.bus = bus;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Serves the page through Camel's platform-http on Vert.x: a {@link VertxPlatformHttpServer} added to
     * the line's {@code camel} context on {@code host:port} (port 0: any free port); the page's handlers
     * go on its Vert.x router. Fails clearly when the port is taken.
     */
    public static StationServer start(CamelContext camel, String host, int port, StationState state, EventBus bus, Path dataDir) {
        VertxPlatformHttpServerConfiguration config = new VertxPlatformHttpServerConfiguration();
        config.setBindHost(host);
        config.setBindPort(port);
        VertxPlatformHttpServer http = new VertxPlatformHttpServer(config);
        try {
            camel.addService(http, true, true);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw FlashlineException.badInput("The station page cannot listen on " + host + ":" + port + ": " + cause.getMessage(),
                    "Choose another port with flashline.web.port in config/application.properties, or start with --no-web.");
        }
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(camel);
        }
        StationServer s = new StationServer(camel, http, state, bus, dataDir);
        s.routes(router);
        return s;
    }

    public int port() {
        return http.getServer().actualPort();
    }

    private void routes(Router r) {
        PAGE_FILES.forEach((path, file) -> {
            Buffer body = Buffer.buffer(resource(file));
            String type = file.endsWith(".css") ? "text/css; charset=utf-8"
                    : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
            r.get(path).handler(ctx -> ctx.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-cache").end(body));
        });
        r.get("/api/state").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(stateJson()));
        r.get("/api/events").handler(this::events);
        r.get("/files/backups/*").blockingHandler(this::backup);
        r.get("/files/audit/:id").blockingHandler(this::auditRecord);
        r.get("/reports/:name").blockingHandler(this::report);
    }

    private String stateJson() {
        try {
            return EventJson.JSON.writeValueAsString(state.snapshot());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server-sent events: "state" first (and on change), then every line event under its type. */
    private void events(RoutingContext ctx) {
        HttpServerResponse res = ctx.response();
        res.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        res.write("retry: 2000\n\n");
        Context context = vertx.getOrCreateContext();
        long[] sentVersion = {state.version()};
        res.write(sse("state", stateJson()));
        AutoCloseable subscription = bus.subscribe(e -> context.runOnContext(v -> {
            if (!res.closed() && (!(e instanceof LineEvent.Progress) || !res.writeQueueFull())) {
                res.write(sse(e.type(), EventJson.of(e, Instant.now())));
            }
        }));
        long timer = vertx.setPeriodic(STATE_EVERY_MS, id -> {
            long v = state.version();
            if (v != sentVersion[0] && !res.closed() && !res.writeQueueFull()) {
                sentVersion[0] = v;
                res.write(sse("state", stateJson()));
            }
        });
        long keepAlive = vertx.setPeriodic(15_000, id -> {
            if (!res.closed()) {
                res.write(": keep-alive\n\n");
            }
        });
        res.closeHandler(v -> {
            vertx.cancelTimer(timer);
            vertx.cancelTimer(keepAlive);
            try {
                subscription.close();
            } catch (Exception ignored) {
                // removing a subscriber does not fail
            }
        });
    }

    private static String sse(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    private void backup(RoutingContext ctx) {
        Path root = dataDir.resolve("backups");
        String rel = ctx.normalizedPath().substring("/files/backups/".length());
        Path file = root.resolve(java.net.URLDecoder.decode(rel, java.nio.charset.StandardCharsets.UTF_8)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            ctx.response().setStatusCode(404).end("No such backup");
            return;
        }
        ctx.response().putHeader("Content-Type", "application/octet-stream")
                .putHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .sendFile(file.toString());
    }

    private void auditRecord(RoutingContext ctx) {
        String id = ctx.pathParam("id").replaceFirst("\\.json$", "");
        if (!RECORD_ID.matcher(id).matches()) {
            ctx.response().setStatusCode(404).end("No such record");
            return;
        }
        for (JsonNode record : new AuditLog(dataDir).readAllJson()) {
            if (id.equals(record.path("id").asText())) {
                ctx.response().putHeader("Content-Type", "application/json")
                        .putHeader("Content-Disposition", "inline; filename=\"" + id + ".json\"").end(record.toPrettyString());
                return;
            }
        }
        ctx.response().setStatusCode(404).end("No such record");
    }

    private void report(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Path file = dataDir.resolve("reports").resolve(name);
        if (!REPORT_NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
            ctx.response().setStatusCode(404).end("The report is written when the batch ends");
            return;
        }
        ctx.response().putHeader("Content-Type", name.endsWith(".csv") ? "text/csv; charset=utf-8" : "text/html; charset=utf-8")
                .sendFile(file.toString());
    }

    private static byte[] resource(String name) {
        try (InputStream in = StationServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("station page file missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            camel.removeService(http);
            http.stop();
        } catch (Exception e) {
            LOG.debug("Closing the station page: {}", e.toString());
        }
    }
}

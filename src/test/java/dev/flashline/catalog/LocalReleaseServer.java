package dev.flashline.catalog;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A release server on 127.0.0.1 speaking HTTPS with a self-signed certificate made by the JDK's
 * keytool for this test run ({@link #caFile()} is its PEM, for the client to trust). It serves
 * GitHub's release API shape for one repository and the asset files.
 */
public final class LocalReleaseServer implements AutoCloseable {
    private static final String PASS = "test-store";

    private final HttpsServer server;
    private final Path caFile;
    /** tag -> asset name -> asset. */
    private final Map<String, Map<String, Asset>> releases = new LinkedHashMap<>();

    /** What the listing says ({@code listedSize}, {@code digest}) and what the download sends ({@code body}). */
    public record Asset(byte[] body, long listedSize, String digest) {
    }

    /** The key pair is made once per test JVM (keytool takes seconds on a busy machine). */
    private static Path keyDir;

    private static synchronized Path keyMaterial() throws Exception {
        if (keyDir == null) {
            Path dir = Files.createTempDirectory("flashline-test-tls-");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", dir.resolve("server.p12").toString(),
                    "-storetype", "PKCS12", "-storepass", PASS);
            run(keytool, "-exportcert", "-rfc", "-alias", "srv", "-keystore", dir.resolve("server.p12").toString(),
                    "-storepass", PASS, "-file", dir.resolve("ca.pem").toString());
            // Deleted at exit in the reverse order of registration: the folder last, once it is empty.
            dir.toFile().deleteOnExit();
            dir.resolve("server.p12").toFile().deleteOnExit();
            dir.resolve("ca.pem").toFile().deleteOnExit();
            keyDir = dir;
        }
        return keyDir;
    }

    public LocalReleaseServer() throws Exception {
        Path store = keyMaterial().resolve("server.p12");
        caFile = keyMaterial().resolve("ca.pem");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            String[] parts = path.split("/");
            if (path.startsWith("/repos/arendst/Tasmota/releases/tags/") && releases.containsKey(parts[6])) {
                body = listing(parts[6]).getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/download/") && parts.length == 4 && releases.containsKey(parts[2])
                    && releases.get(parts[2]).containsKey(parts[3])) {
                body = releases.get(parts[2]).get(parts[3]).body();
            } else {
                status = 404;
                body = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public void release(String tag, String assetName, Asset asset) {
        releases.computeIfAbsent(tag, k -> new LinkedHashMap<>()).put(assetName, asset);
    }

    public URI base() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public Path caFile() {
        return caFile;
    }

    private String listing(String tag) {
        StringBuilder json = new StringBuilder("{\"tag_name\":\"" + tag + "\",\"assets\":[");
        String sep = "";
        for (Map.Entry<String, Asset> e : releases.get(tag).entrySet()) {
            json.append(sep).append("{\"name\":\"").append(e.getKey()).append("\",\"size\":").append(e.getValue().listedSize())
                    .append(",\"browser_download_url\":\"").append(base()).append("/download/").append(tag).append('/').append(e.getKey())
                    .append("\",\"digest\":").append(e.getValue().digest() == null ? "null" : "\"" + e.getValue().digest() + "\"")
                    .append('}');
            sep = ",";
        }
        return json.append("]}").toString();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

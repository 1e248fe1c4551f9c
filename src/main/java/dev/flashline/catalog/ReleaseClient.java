package dev.flashline.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * Reads release listings in the shape of GitHub's REST API ({@code GET
 * BASE/repos/OWNER/REPO/releases/tags/TAG}: {@code assets[]} with {@code name},
 * {@code browser_download_url}, {@code size} and, since June 2025, {@code digest: "sha256:HEX"}) and
 * downloads assets. BASE is https://api.github.com unless configured (a mirror, or a test server).
 */
public final class ReleaseClient {
    public static final URI GITHUB_API = URI.create("https://api.github.com");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** No ESP8266 firmware is larger than its 16 MB maximum flash. */
    static final long MAX_DOWNLOAD = 16L << 20;

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public ReleaseClient(URI base, SSLContext tls) {
        this.base = base == null ? GITHUB_API : base;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(tls).build();
    }

    public URI base() {
        return base;
    }

    /** The assets of release {@code tag} of {@code repo} ("owner/name"). */
    public List<ReleaseAsset> assets(String repo, String tag) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + "/repos/" + repo + "/releases/tags/" + tag);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json").GET().build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString(), uri);
        if (response.statusCode() == 404) {
            throw FlashlineException.badInput("Release " + tag + " of " + repo + " does not exist at " + base,
                    "Check the version (Tasmota's releases are listed at https://github.com/" + repo + "/releases).");
        }
        if (response.statusCode() != 200) {
            throw FlashlineException.badInput("The release server " + base + " answered HTTP " + response.statusCode()
                    + " for " + uri, "Try again later (GitHub limits anonymous API calls to 60 per hour).");
        }
        List<ReleaseAsset> assets = new ArrayList<>();
        try {
            for (JsonNode a : json.readTree(response.body()).path("assets")) {
                String digest = a.path("digest").asText(null);
                String sha = digest != null && digest.toLowerCase(Locale.ROOT).startsWith("sha256:")
                        ? digest.substring(7).toLowerCase(Locale.ROOT) : null;
                assets.add(new ReleaseAsset(a.path("name").asText(), URI.create(a.path("browser_download_url").asText()),
                        a.path("size").asLong(-1), sha));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw FlashlineException.badInput("The release listing at " + uri + " is not valid: " + e.getMessage(),
                    "Check flashline.firmware.releases-url: it must be a GitHub-compatible API.");
        }
        return assets;
    }

    /** Downloads {@code url} into {@code file} (at most {@link #MAX_DOWNLOAD} bytes), reporting progress. */
    public void download(URI url, Path file, String name, DownloadProgress progress) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream(), url);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw FlashlineException.badInput("Cannot download " + url + ": the server answered HTTP " + response.statusCode(),
                        "Check the release and the asset name; the build may have been removed.");
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            long done = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    done += n;
                    if (done > MAX_DOWNLOAD) {
                        throw FlashlineException.badInput(url + " is larger than " + (MAX_DOWNLOAD >> 20) + " MB: not an ESP8266 firmware",
                                "Check the asset name in the catalog entry.");
                    }
                    out.write(buf, 0, n);
                    progress.update(name, done, total);
                }
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Download of " + url + " broke off: " + e.getMessage(),
                    "Check the network and run the command again.");
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, URI uri) {
        try {
            return http.send(request, handler);
        } catch (javax.net.ssl.SSLException e) {
            throw FlashlineException.badInput("TLS with " + uri.getHost() + " failed: " + e.getMessage(),
                    "The server's certificate is not trusted; for a server with its own CA give its certificate "
                    + "with --ca-file (or flashline.firmware.ca-file).");
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot reach " + uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    "Check the network connection; a cached, pinned build needs no network.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FlashlineException.badInput("Request to " + uri + " was interrupted", "Run the command again.");
        }
    }
}

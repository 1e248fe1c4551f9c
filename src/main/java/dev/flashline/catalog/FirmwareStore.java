package dev.flashline.catalog;

import dev.flashline.digest.Digests;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns a catalog entry into a checked file on disk. Downloads land in the cache folder (a temp
 * file, moved into place only once its sha256 matches the catalog), and every use re-hashes the
 * file, so a corrupted cache or an edited local file is never flashed.
 */
public final class FirmwareStore {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final Path cacheDir;
    private final Function<String, byte[]> demoBuilder;
    private final HttpClient http;
    /** Demo images built by this store, by entry name: built once per process, never stale. */
    private final Map<String, FetchedFirmware> demos = new ConcurrentHashMap<>();
    /** One download at a time per entry, so concurrent devices share it. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param cacheDir    where downloads and demo images are kept (created when needed)
     * @param demoBuilder builds the image for a {@code demo:SPEC} entry from SPEC
     */
    public FirmwareStore(Path cacheDir, Function<String, byte[]> demoBuilder) {
        this(cacheDir, demoBuilder, HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
    }

    public FirmwareStore(Path cacheDir, Function<String, byte[]> demoBuilder, HttpClient http) {
        this.cacheDir = cacheDir;
        this.demoBuilder = demoBuilder;
        this.http = http;
    }

    public Path fetch(FirmwareEntry entry) {
        return obtain(entry, DownloadProgress.NONE).path();
    }

    public Path fetch(FirmwareEntry entry, DownloadProgress progress) {
        return obtain(entry, progress).path();
    }

    /** The checked file with its sha256 and size (what the audit record's firmware field needs). */
    public FetchedFirmware obtain(FirmwareEntry entry, DownloadProgress progress) {
        synchronized (locks.computeIfAbsent(entry.name(), k -> new Object())) {
            return switch (entry.source()) {
                case DEMO -> demo(entry);
                case FILE -> local(entry, entry.file());
                case FILE_URL -> local(entry, Path.of(entry.url()));
                case HTTP -> download(entry, progress == null ? DownloadProgress.NONE : progress);
            };
        }
    }

    private FetchedFirmware local(FirmwareEntry entry, Path file) {
        String expected = requirePinned(entry);
        if (!Files.isRegularFile(file)) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "': file " + file + " does not exist",
                    "Put the file there or fix the entry in " + entry.catalogFile() + " (for a pinned build: run "
                    + "`flashline firmware fetch " + entry.name() + "@" + entry.version() + "` again).");
        }
        String actual = hash(file, entry);
        if (!actual.equals(expected)) {
            // The user's own file: refuse it, but leave it where it is.
            throw mismatch(entry, expected, actual);
        }
        return new FetchedFirmware(entry, file, actual, size(file));
    }

    private FetchedFirmware download(FirmwareEntry entry, DownloadProgress progress) {
        String expected = requirePinned(entry);
        Path target = cacheDir.resolve(entry.name() + "-" + expected.substring(0, 16) + ".bin");
        if (Files.isRegularFile(target)) {
            if (hash(target, entry).equals(expected)) {
                return new FetchedFirmware(entry, target, expected, size(target));
            }
            // A cached file that no longer matches was damaged on disk: fetch it again.
            deleteQuietly(target);
        }
        createCacheDir();
        Path temp = null;
        boolean moved = false;
        try {
            temp = Files.createTempFile(cacheDir, entry.name() + "-", ".part");
            String actual = downloadTo(entry, temp, progress);
            if (!actual.equals(expected)) {
                throw mismatch(entry, expected, actual);
            }
            move(temp, target);
            moved = true;
            return new FetchedFirmware(entry, target, actual, size(target));
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot download firmware '" + entry.name() + "' from " + entry.url()
                    + ": " + describe(e), "Check the network connection and the URL, or download the file yourself "
                    + "and use a 'file:' entry in " + entry.catalogFile() + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FlashlineException.badInput("Download of firmware '" + entry.name() + "' was interrupted", "Run again.");
        } finally {
            if (!moved) {
                // Whatever went wrong, a partial or refused download never stays in the cache.
                deleteQuietly(temp);
            }
        }
    }

    private String downloadTo(FirmwareEntry entry, Path temp, DownloadProgress progress)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(entry.url()).timeout(REQUEST_TIMEOUT).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw FlashlineException.badInput("Cannot download firmware '" + entry.name() + "' from " + entry.url()
                        + ": the server answered HTTP " + response.statusCode(),
                        "Check the URL in " + entry.catalogFile() + " (the build may have been renamed or removed).");
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest md = Digests.sha256();
            long done = 0;
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    md.update(buf, 0, n);
                    done += n;
                    progress.update(entry.name(), done, total);
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private FetchedFirmware demo(FirmwareEntry entry) {
        FetchedFirmware known = demos.get(entry.name());
        if (known != null && Files.isRegularFile(known.path()) && hash(known.path(), entry).equals(known.sha256())) {
            return known;
        }
        byte[] image = demoBuilder.apply(entry.demoSpec());
        if (image == null || image.length == 0) {
            throw FlashlineException.badInput("The demo firmware builder produced nothing for '" + entry.url() + "'",
                    "Check the demo entry in " + entry.catalogFile() + ".");
        }
        String sha = Digests.sha256Hex(image);
        if (entry.sha256() != null && !entry.sha256().equals(sha)) {
            throw mismatch(entry, entry.sha256(), sha);
        }
        createCacheDir();
        Path target = cacheDir.resolve(entry.name() + "-" + sha.substring(0, 16) + ".bin");
        try {
            if (!Files.isRegularFile(target) || !Digests.sha256Hex(target).equals(sha)) {
                Path temp = Files.createTempFile(cacheDir, entry.name() + "-", ".part");
                Files.write(temp, image);
                move(temp, target);
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot write the demo firmware to " + cacheDir + ": " + describe(e),
                    "Check that the data directory is writable.");
        }
        FetchedFirmware fetched = new FetchedFirmware(entry, target, sha, image.length);
        demos.put(entry.name(), fetched);
        return fetched;
    }

    private static String requirePinned(FirmwareEntry entry) {
        if (entry.sha256() == null) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "' is not pinned in " + entry.catalogFile()
                    + "; flashline will not download or flash a build it cannot check",
                    "Run `flashline firmware fetch " + entry.name() + "` (downloads it, checks the published digest and "
                    + "pins it in catalog.lock.yaml), or `flashline firmware add FILE --name " + entry.name() + "@VERSION`.");
        }
        return entry.sha256();
    }

    private static FlashlineException mismatch(FirmwareEntry entry, String expected, String actual) {
        return FlashlineException.badInput("Firmware '" + entry.name() + "' from " + entry.location()
                + " refused: sha256 mismatch: expected " + expected + ", got " + actual,
                "The file is not the build the catalog pins. If the publisher replaced the build at this address, "
                + "check the new one and update sha256 in " + entry.catalogFile() + "; otherwise the file is damaged "
                + "or was tampered with.");
    }

    private String hash(Path file, FirmwareEntry entry) {
        try {
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read firmware '" + entry.name() + "' at " + file + ": " + describe(e),
                    "Check that the file is readable.");
        }
    }

    private void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void createCacheDir() {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot create firmware cache " + cacheDir + ": " + describe(e),
                    "Check that the data directory is writable.");
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: a stray .part file is harmless, it is never used.
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

}

package dev.flashline.catalog;

import dev.flashline.digest.Digests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareStoreTest {
    private static final byte[] IMAGE = image();

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private volatile byte[] served = IMAGE;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fw/", exchange -> {
            hits.incrementAndGet();
            if (exchange.getRequestURI().getPath().endsWith("missing.bin")) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, served.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(served);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void downloadsChecksAndCaches() throws IOException {
        Path cache = dir.resolve("firmware-cache");
        FirmwareStore store = new FirmwareStore(cache, spec -> null);
        FirmwareEntry entry = httpEntry("good", "/fw/tasmota.bin", Digests.sha256Hex(IMAGE));
        List<long[]> progress = new ArrayList<>();
        FetchedFirmware first = store.obtain(entry, (name, done, total) -> progress.add(new long[] {done, total}));
        assertArrayEquals(IMAGE, Files.readAllBytes(first.path()));
        assertEquals(Digests.sha256Hex(IMAGE), first.sha256());
        assertEquals(IMAGE.length, first.size());
        assertTrue(first.path().startsWith(cache));
        assertEquals(IMAGE.length, progress.get(progress.size() - 1)[0]);
        assertEquals(IMAGE.length, progress.get(progress.size() - 1)[1]);
        assertEquals(1, hits.get());

        // Cache hit: no second request, even from a new store on the same folder.
        assertEquals(first.path(), new FirmwareStore(cache, spec -> null).fetch(entry));
        assertEquals(1, hits.get());
        assertEquals(List.of(first.path()), listFiles(cache));

        // A cached file damaged on disk is noticed on use and fetched again.
        Files.write(first.path(), new byte[] {1, 2, 3});
        assertArrayEquals(IMAGE, Files.readAllBytes(store.fetch(entry)));
        assertEquals(2, hits.get());
    }

    @Test
    void refusesADownloadWhoseSha256DiffersAndKeepsNothing() throws IOException {
        Path cache = dir.resolve("firmware-cache");
        String expected = Digests.sha256Hex(IMAGE);
        served = "something else entirely".getBytes(StandardCharsets.UTF_8);
        FirmwareStore store = new FirmwareStore(cache, spec -> null);
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> store.fetch(httpEntry("evil", "/fw/tasmota.bin", expected)));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("sha256 mismatch: expected " + expected + ", got " + Digests.sha256Hex(served)), e.getMessage());
        assertTrue(e.hint().contains("update sha256"), e.hint());
        assertEquals(List.of(), listFiles(cache), "neither the temp file nor a cache entry remains");
    }

    @Test
    void refusesAFileUrlWhoseSha256DiffersButLeavesTheFile() throws IOException {
        Path file = dir.resolve("mine.bin");
        Files.write(file, IMAGE);
        String wrong = "0".repeat(64);
        FirmwareEntry entry = new FirmwareEntry("mine", "1", "any", 1 << 20, file.toUri(), null, wrong, false, "", dir.resolve("catalog.yaml"));
        assertEquals(FirmwareEntry.Source.FILE_URL, entry.source());
        FirmwareStore store = new FirmwareStore(dir.resolve("cache"), spec -> null);
        FlashlineException e = assertThrows(FlashlineException.class, () -> store.fetch(entry));
        assertTrue(e.getMessage().contains("sha256 mismatch: expected " + wrong + ", got " + Digests.sha256Hex(IMAGE)), e.getMessage());
        assertTrue(Files.exists(file), "the user's file is not deleted");

        FirmwareEntry right = new FirmwareEntry("mine", "1", "any", 1 << 20, file.toUri(), null, Digests.sha256Hex(IMAGE), false, "", dir.resolve("catalog.yaml"));
        assertEquals(file, store.fetch(right), "file: entries are read in place");
    }

    @Test
    void readsFileEntriesInPlaceThroughTheCatalog() throws IOException {
        Files.createDirectories(dir.resolve("builds"));
        Files.write(dir.resolve("builds/x.bin"), IMAGE);
        Files.writeString(dir.resolve("catalog.yaml"), """
                firmware:
                  - {name: x, version: "1", chip: any, minFlash: 1MB, file: builds/x.bin, sha256: %s}
                """.formatted(Digests.sha256Hex(IMAGE)));
        FirmwareEntry entry = FirmwareCatalog.load(dir.resolve("catalog.yaml")).find("x").orElseThrow();
        FirmwareStore store = new FirmwareStore(dir.resolve("cache"), spec -> null);
        assertEquals(dir.resolve("builds/x.bin").toAbsolutePath().normalize(), store.fetch(entry));
        assertTrue(Files.notExists(dir.resolve("cache")), "nothing copied into the cache");
    }

    @Test
    void refusesUnpinnedEntriesWithoutDownloading() {
        FirmwareStore store = new FirmwareStore(dir.resolve("cache"), spec -> null);
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> store.fetch(httpEntry("tasmota", "/fw/tasmota.bin", null)));
        assertTrue(e.getMessage().contains("is not pinned"), e.getMessage());
        assertTrue(e.hint().contains("flashline firmware fetch tasmota"), e.hint());
        assertEquals(0, hits.get());
    }

    @Test
    void httpErrorIsReported() {
        FirmwareStore store = new FirmwareStore(dir.resolve("cache"), spec -> null);
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> store.fetch(httpEntry("gone", "/fw/missing.bin", "1".repeat(64))));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), listFiles(dir.resolve("cache")));
    }

    @Test
    void buildsDemoImagesOnceAndRecordsTheirSha256() throws IOException {
        AtomicInteger builds = new AtomicInteger();
        List<String> specs = new ArrayList<>();
        FirmwareStore store = new FirmwareStore(dir.resolve("cache"), spec -> {
            builds.incrementAndGet();
            specs.add(spec);
            return IMAGE.clone();
        });
        FirmwareEntry demo = FirmwareCatalog.load(Path.of("firmware-catalog/catalog.yaml")).find("tasmota-demo").orElseThrow();
        FetchedFirmware first = store.obtain(demo, DownloadProgress.NONE);
        FetchedFirmware again = store.obtain(demo, DownloadProgress.NONE);
        assertEquals(1, builds.get());
        assertEquals(List.of("14.3.0(demo)"), specs);
        assertEquals(Digests.sha256Hex(IMAGE), first.sha256());
        assertEquals(first.path(), again.path());
        assertArrayEquals(IMAGE, Files.readAllBytes(first.path()));
    }

    private FirmwareEntry httpEntry(String name, String path, String sha) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new FirmwareEntry(name, "1", "esp8266", 1 << 20, url, null, sha, false, "", dir.resolve("catalog.yaml"));
    }

    private static List<Path> listFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] image() {
        byte[] b = new byte[300_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        b[0] = (byte) 0xE9;
        return b;
    }
}

package dev.flashline.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.digest.Digests;
import dev.flashline.errors.FlashlineException;
import dev.flashline.tls.PemTrust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwarePinningTest {
    private static final int SIZE = 300_000;

    @TempDir
    Path dir;
    LocalReleaseServer server;
    Path catalogFile;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new LocalReleaseServer();
        catalogFile = dir.resolve("catalog/catalog.yaml");
        Files.createDirectories(catalogFile.getParent());
        Files.writeString(catalogFile, """
                firmware:
                  - name: tasmota
                    version: 15.2.0
                    chip: esp8266
                    minFlash: 1MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.2.0/tasmota.bin
                  - name: tasmota-lite
                    version: 15.2.0
                    chip: esp8266
                    minFlash: 1MB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.2.0/tasmota-lite.bin.gz
                  - name: tasmota-512
                    version: 15.2.0
                    chip: esp8266
                    minFlash: 512KB
                    url: https://github.com/arendst/Tasmota/releases/download/v15.2.0/tasmota-512.bin
                """);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private FirmwarePinning pinning() {
        FirmwareCatalog catalog = FirmwareCatalog.load(catalogFile);
        ReleaseClient client = new ReleaseClient(server.base(), PemTrust.context(server.caFile(), "test"));
        return new FirmwarePinning(catalog, client, Clock.systemUTC(), log::add);
    }

    private static String digest(byte[] data) {
        return "sha256:" + Digests.sha256Hex(data);
    }

    @Test
    void fetchChecksThePublishedDigestPinsTheBuildAndRunNeedsNoNetworkAfterwards() throws Exception {
        byte[] image = TestTasmotaImages.withText("15.2.0", SIZE);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(image, image.length, digest(image)));

        FirmwarePinning.Result result = pinning().fetch(FirmwarePinning.Spec.parse("tasmota"), false, DownloadProgress.NONE);

        assertEquals("digest", result.pin().trust());
        assertEquals(Digests.sha256Hex(image), result.pin().sha256());
        String lock = Files.readString(catalogFile.resolveSibling("catalog.lock.yaml"));
        assertTrue(lock.contains("name: tasmota") && lock.contains("version: 15.2.0") && lock.contains("trust: digest")
                && lock.contains(Digests.sha256Hex(image)) && lock.contains("pinnedAt:"), lock);
        server.close();
        // Fetching the pinned version again finds the checked file: no network, the pin stays.
        FirmwarePinning.Result again = pinning().fetch(FirmwarePinning.Spec.parse("tasmota@15.2.0"), false, DownloadProgress.NONE);
        assertTrue(again.alreadyPinned());
        assertEquals(result.pin(), again.pin());
        FirmwareCatalog reloaded = FirmwareCatalog.load(catalogFile);
        FirmwareEntry entry = reloaded.find("tasmota").orElseThrow();
        assertEquals("lock", reloaded.pinSource(entry));
        FetchedFirmware fetched = new FirmwareStore(dir.resolve("cache"), s -> null).obtain(entry, DownloadProgress.NONE);
        assertArrayEquals(image, Files.readAllBytes(fetched.path()));
        assertEquals("15.2.0", fetched.entry().version());
    }

    @Test
    void aWrongDigestIsRefusedAndNothingIsPinned() {
        byte[] image = TestTasmotaImages.withText("15.2.0", SIZE);
        byte[] other = TestTasmotaImages.withText("15.2.0", SIZE + 16);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(image, image.length, digest(other)));

        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota"), true, DownloadProgress.NONE));

        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains(Digests.sha256Hex(other)), e.getMessage());
        assertFalse(Files.exists(catalogFile.resolveSibling("catalog.lock.yaml")));
        assertFalse(Files.exists(catalogFile.resolveSibling("files/tasmota-15.2.0.bin")));
        FirmwareCatalog catalog = FirmwareCatalog.load(catalogFile);
        assertThrows(FlashlineException.class, () -> catalog.requirePinned(catalog.find("tasmota").orElseThrow()));
    }

    @Test
    void aTruncatedDownloadIsRefused() {
        byte[] image = TestTasmotaImages.withText("15.2.0", SIZE);
        byte[] cut = Arrays.copyOf(image, image.length / 2);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(cut, image.length, null));

        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota"), true, DownloadProgress.NONE));

        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(Files.exists(catalogFile.resolveSibling("catalog.lock.yaml")));
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedEvenWithAMatchingDigest() {
        byte[] html = "<html>rate limited</html>".getBytes(StandardCharsets.UTF_8);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(html, html.length, digest(html)));

        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota"), false, DownloadProgress.NONE));

        assertTrue(e.getMessage().contains("not a valid ESP8266 firmware image"), e.getMessage());
        assertFalse(Files.exists(catalogFile.resolveSibling("catalog.lock.yaml")));
    }

    @Test
    void aGzipBuildIsUnpackedValidatedAndPinnedWithBothHashes() throws Exception {
        byte[] image = TestTasmotaImages.withConstant(15, 2, 0, SIZE);
        byte[] gz = TestTasmotaImages.gzip(image);
        server.release("v15.2.0", "tasmota-lite.bin.gz", new LocalReleaseServer.Asset(gz, gz.length, digest(gz)));

        FirmwarePin pin = pinning().fetch(FirmwarePinning.Spec.parse("tasmota-lite"), false, DownloadProgress.NONE).pin();

        assertEquals(Digests.sha256Hex(image), pin.sha256());
        assertEquals(image.length, pin.size());
        assertNotNull(pin.packed());
        assertEquals(Digests.sha256Hex(gz), pin.packed().sha256());
        assertArrayEquals(image, Files.readAllBytes(catalogFile.resolveSibling(pin.file())));
        FirmwareEntry entry = FirmwareCatalog.load(catalogFile).find("tasmota-lite").orElseThrow();
        assertArrayEquals(image, Files.readAllBytes(new FirmwareStore(dir.resolve("cache"), s -> null).fetch(entry)));
    }

    @Test
    void aTruncatedGzipIsRefused() throws Exception {
        byte[] gz = TestTasmotaImages.gzip(TestTasmotaImages.withText("15.2.0", SIZE));
        byte[] cut = Arrays.copyOf(gz, gz.length - 100);
        server.release("v15.2.0", "tasmota-lite.bin.gz", new LocalReleaseServer.Asset(cut, cut.length, digest(cut)));

        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota-lite"), false, DownloadProgress.NONE));

        assertTrue(e.getMessage().contains("damaged gzip"), e.getMessage());
    }

    @Test
    void withoutAPublishedDigestTheHashIsShownAndTrustOnFirstUseMustBeAsked() {
        byte[] image = TestTasmotaImages.withText("15.1.0", SIZE);
        server.release("v15.1.0", "tasmota.bin", new LocalReleaseServer.Asset(image, image.length, null));
        String sha = Digests.sha256Hex(image);

        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota@15.1.0"), false, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains(sha) && e.hint().contains("--trust"), e.getMessage());

        FirmwarePin pin = pinning().fetch(FirmwarePinning.Spec.parse("tasmota@15.1.0"), true, DownloadProgress.NONE).pin();
        assertEquals("first-use", pin.trust());
        assertEquals("15.1.0", pin.version());
        assertTrue(log.stream().anyMatch(l -> l.contains("Trusting it on first use") && l.contains(sha)), log.toString());
    }

    @Test
    void aBuildOfAnotherVersionOrWithoutTasmotasMarkerIsRefused() {
        byte[] older = TestTasmotaImages.withText("15.1.0", SIZE);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(older, older.length, digest(older)));
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota"), false, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains("does not carry Tasmota version 15.2.0"), e.getMessage());

        byte[] other = TestTasmotaImages.withoutMarker("15.2.0", SIZE);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(other, other.length, digest(other)));
        e = assertThrows(FlashlineException.class,
                () -> pinning().fetch(FirmwarePinning.Spec.parse("tasmota"), false, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains("not a Tasmota build"), e.getMessage());
    }

    @Test
    void aBuildTooBigForTheEntrysFlashIsRefused() throws Exception {
        Path file = dir.resolve("tasmota-512.bin");
        Files.write(file, TestTasmotaImages.withText("15.2.0", 600_000));
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> pinning().add(file, FirmwarePinning.Spec.parse("tasmota-512")));
        assertTrue(e.getMessage().contains("512KB"), e.getMessage());
    }

    @Test
    void aPinNeverChangesSilently() throws Exception {
        Path first = dir.resolve("a.bin");
        Path second = dir.resolve("b.bin");
        Files.write(first, TestTasmotaImages.withText("15.2.0", SIZE));
        Files.write(second, TestTasmotaImages.withText("15.2.0", SIZE + 32));
        assertEquals("local", pinning().add(first, FirmwarePinning.Spec.parse("tasmota")).pin().trust());

        FlashlineException e = assertThrows(FlashlineException.class, () -> pinning().add(second, FirmwarePinning.Spec.parse("tasmota")));
        assertTrue(e.getMessage().contains("never changes silently"), e.getMessage());
        assertEquals(Digests.sha256Hex(first), FirmwareCatalog.load(catalogFile).find("tasmota").orElseThrow().sha256());

        Path newer = dir.resolve("c.bin");
        Files.write(newer, TestTasmotaImages.withText("15.3.0", SIZE));
        FirmwarePinning.Result moved = pinning().add(newer, FirmwarePinning.Spec.parse("tasmota@15.3.0"));
        assertEquals("15.2.0", moved.previousVersion());
        assertTrue(log.stream().anyMatch(l -> l.contains("moves from 15.2.0 to 15.3.0")), log.toString());
    }

    @Test
    void anUntrustedServerCertificateIsAClearError() {
        byte[] image = TestTasmotaImages.withText("15.2.0", SIZE);
        server.release("v15.2.0", "tasmota.bin", new LocalReleaseServer.Asset(image, image.length, digest(image)));
        FirmwarePinning noTrust = new FirmwarePinning(FirmwareCatalog.load(catalogFile),
                new ReleaseClient(server.base(), PemTrust.context(null, "test")), Clock.systemUTC(), log::add);
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> noTrust.fetch(FirmwarePinning.Spec.parse("tasmota"), false, DownloadProgress.NONE));
        assertTrue(e.hint().contains("--ca-file"), e.getMessage() + " / " + e.hint());
    }
}

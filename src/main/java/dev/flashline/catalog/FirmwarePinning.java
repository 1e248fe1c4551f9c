package dev.flashline.catalog;

import dev.flashline.digest.Digests;
import dev.flashline.errors.FlashlineException;
import dev.flashline.input.TextFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * `firmware fetch` and `firmware add`: obtain a build, check it (published digest or operator's
 * trust, then {@link TasmotaImageCheck}), keep the checked .bin beside the lock
 * ({@code files/NAME-VERSION.bin}) and record the pin. Nothing is pinned or kept unless every check
 * passed.
 */
public final class FirmwarePinning {
    /** {@code https://github.com/OWNER/REPO/releases/download/TAG/ASSET}: a catalog url that names a release asset. */
    private static final Pattern RELEASE_URL = Pattern.compile("/([^/]+)/([^/]+)/releases/download/([^/]+)/([^/]+)");
    private static final Pattern NAME_VERSION = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*?)(?:@(.+))?");
    private static final long MAX_UNPACKED = ReleaseClient.MAX_DOWNLOAD;

    private final FirmwareCatalog catalog;
    private final ReleaseClient releases;
    private final Clock clock;
    private final Consumer<String> log;

    public FirmwarePinning(FirmwareCatalog catalog, ReleaseClient releases, Clock clock, Consumer<String> log) {
        this.catalog = catalog;
        this.releases = releases;
        this.clock = clock;
        this.log = log;
    }

    /** What was pinned, and whether it replaced a pin of another version. */
    public record Result(FirmwarePin pin, String previousVersion, boolean alreadyPinned) {
    }

    /** NAME or NAME@VERSION. */
    public record Spec(String name, String version) {
        public static Spec parse(String text) {
            Matcher m = NAME_VERSION.matcher(text == null ? "" : text.trim());
            if (!m.matches() || (m.group(2) != null && m.group(2).isBlank())) {
                throw FlashlineException.badInput("'" + text + "' is not NAME or NAME@VERSION", "For example: tasmota or tasmota@15.2.0.");
            }
            return new Spec(m.group(1), m.group(2) == null ? null : m.group(2).trim().replaceFirst("^v", ""));
        }
    }

    /** Downloads release build NAME (at VERSION, or the catalog's version), checks it and pins it. */
    public Result fetch(Spec spec, boolean trust, DownloadProgress progress) {
        FirmwareEntry entry = declared(spec.name());
        if (entry.source() != FirmwareEntry.Source.HTTP || entry.url() == null) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "' is not a download (" + entry.location() + ")",
                    "fetch pins release builds (url: https://github.com/OWNER/REPO/releases/download/vVERSION/ASSET); "
                    + "for a local file use `flashline firmware add FILE --name " + entry.name() + "@VERSION`.");
        }
        Matcher m = RELEASE_URL.matcher(entry.url().getPath());
        if (!m.matches()) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "' has url " + entry.url() + ", which names no release asset",
                    "Write it as https://github.com/arendst/Tasmota/releases/download/vVERSION/tasmota.bin in " + entry.catalogFile() + ".");
        }
        String repo = m.group(1) + "/" + m.group(2);
        String version = spec.version() != null ? spec.version() : m.group(3).replaceFirst("^v", "");
        String assetName = m.group(4);
        String tag = "v" + version;
        FirmwarePin current = catalog.lock().pin(entry.name()).orElse(null);
        if (current != null && current.version().equals(version) && cachedIntact(current)) {
            log.accept("Firmware '" + entry.name() + "' " + version + " is already pinned (sha256 " + current.sha256() + ").");
            return new Result(current, null, true);
        }
        ReleaseAsset asset = releases.assets(repo, tag).stream().filter(a -> a.name().equals(assetName)).findFirst()
                .orElseThrow(() -> FlashlineException.badInput("Release " + tag + " of " + repo + " has no asset " + assetName,
                        "Check the version and the asset name in " + entry.catalogFile() + "."));
        log.accept("Downloading " + asset.downloadUrl() + " (" + asset.size() + " bytes)");
        byte[] downloaded = download(asset, entry, progress);
        String sha = Digests.sha256Hex(downloaded);
        String trustHow;
        if (asset.sha256() != null) {
            if (!asset.sha256().equals(sha)) {
                throw FlashlineException.badInput("Firmware '" + entry.name() + "' " + version + " refused: the download's sha256 is "
                        + sha + ", the release publishes " + asset.sha256(),
                        "The file was damaged or altered on the way. Run the command again; if it repeats, do not use this build.");
            }
            log.accept("sha256 " + sha + " matches the digest the release publishes.");
            trustHow = FirmwarePin.TRUST_DIGEST;
        } else if (trust) {
            log.accept("The release publishes no digest for " + asset.name() + ". Trusting it on first use, as asked (--trust): sha256 "
                    + sha + ". From now on only this exact file is accepted for " + entry.name() + " " + version + ".");
            trustHow = FirmwarePin.TRUST_FIRST_USE;
        } else {
            throw FlashlineException.badInput("The release publishes no digest for " + asset.name() + " (" + version
                    + "), so flashline cannot check the download; its sha256 is " + sha,
                    "Compare this sha256 with one you trust (e.g. the release page), then run again with --trust to pin "
                    + "it on first use.");
        }
        return pin(entry, version, asset.downloadUrl().toString(), asset.name(), asset.name(), downloaded, trustHow, current);
    }

    /** Checks a local build and pins it for {@code spec} (NAME@VERSION; NAME defaults to the file's name). */
    public Result add(Path file, Spec spec) {
        if (!Files.isRegularFile(file)) {
            throw FlashlineException.badInput("Firmware file " + file + " does not exist", "Give the path of a tasmota .bin or .bin.gz.");
        }
        FirmwareEntry entry = declared(spec.name());
        String version = spec.version() != null ? spec.version() : versionOf(entry);
        byte[] data = TextFile.readCapped(file, MAX_UNPACKED, "a Tasmota build (.bin or .bin.gz)");
        if (data.length == 0) {
            throw FlashlineException.badInput(file + ": is empty (0 bytes)", "Give the path of a tasmota .bin or .bin.gz.");
        }
        FirmwarePin current = catalog.lock().pin(entry.name()).orElse(null);
        return pin(entry, version, file.toAbsolutePath().normalize().toUri().toString(), file.getFileName().toString(),
                file.toString(), data, FirmwarePin.TRUST_LOCAL, current);
    }

    /** {@code label} names the file in messages (its path for a local file). */
    private Result pin(FirmwareEntry entry, String version, String url, String fileName, String label, byte[] data, String trust,
                       FirmwarePin current) {
        boolean gz = isGzip(data);
        byte[] bin = gz ? gunzip(data, label) : data;
        TasmotaImageCheck.check(bin, label + (gz ? " (unpacked)" : ""), entry, version);
        String sha = Digests.sha256Hex(bin);
        if (current != null && current.version().equals(version) && !current.sha256().equals(sha)) {
            throw FlashlineException.badInput("Firmware '" + entry.name() + "' " + version + " is pinned with sha256 "
                    + current.sha256() + ", but this file has " + sha + "; a pin never changes silently",
                    "If the publisher really replaced the build, check it, delete its entry from "
                    + catalog.lock().file() + " and pin it again.");
        }
        String relative = "files/" + entry.name() + "-" + version + ".bin";
        store(catalog.lock().folder().resolve(relative), bin);
        FirmwarePin.Packed packed = gz ? new FirmwarePin.Packed(fileName, Digests.sha256Hex(data), data.length) : null;
        FirmwarePin pin = new FirmwarePin(entry.name(), version, url, relative, sha, bin.length, packed,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), trust);
        catalog.lock().put(pin);
        String previous = current != null && !current.version().equals(version) ? current.version() : null;
        if (previous != null) {
            log.accept("The pin of '" + entry.name() + "' moves from " + previous + " to " + version + ".");
        }
        log.accept("Pinned " + entry.name() + " " + version + " (sha256 " + sha + ", " + bin.length + " bytes, trust: " + trust
                + ") in " + catalog.lock().file());
        return new Result(pin, previous, false);
    }

    private FirmwareEntry declared(String name) {
        return catalog.declared(name).orElseThrow(() -> FlashlineException.badInput(
                "Firmware '" + name + "' is not in " + catalog.file(),
                "Known builds: " + String.join(", ", catalog.entries().stream().map(FirmwareEntry::name).toList())
                + ". Add an entry for it to the catalog first."));
    }

    private static String versionOf(FirmwareEntry entry) {
        if (TasmotaImageCheck.parse(entry.version()).isPresent()) {
            return entry.version();
        }
        throw FlashlineException.badInput("Catalog entry '" + entry.name() + "' has version '" + entry.version()
                + "', so the file's version must be named", "Add it: --name " + entry.name() + "@15.2.0 (the file's Tasmota version).");
    }

    private boolean cachedIntact(FirmwarePin pin) {
        Path file = catalog.lock().folder().resolve(pin.file());
        try {
            return Files.isRegularFile(file) && Digests.sha256Hex(file).equals(pin.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    private byte[] download(ReleaseAsset asset, FirmwareEntry entry, DownloadProgress progress) {
        Path temp = null;
        try {
            temp = Files.createTempFile("flashline-fetch-", ".part");
            releases.download(asset.downloadUrl(), temp, entry.name(), progress == null ? DownloadProgress.NONE : progress);
            byte[] data = Files.readAllBytes(temp);
            if (asset.size() >= 0 && data.length != asset.size()) {
                throw FlashlineException.badInput("Download of " + asset.name() + " is " + data.length + " bytes, the release lists "
                        + asset.size() + ": the file is truncated", "Run the command again.");
            }
            return data;
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot store the download: " + e.getMessage(), "Check the temp folder's free space.");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // A stray temp file is harmless.
                }
            }
        }
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xFF) == 0x1F && (data[1] & 0xFF) == 0x8B;
    }

    private static byte[] gunzip(byte[] data, String name) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(data))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_UNPACKED) {
                    throw FlashlineException.badInput(name + " unpacks to more than " + (MAX_UNPACKED >> 20) + " MB: not an ESP8266 firmware",
                            "Use the tasmota .bin.gz of an ESP8266 release.");
                }
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw FlashlineException.badInput(name + " is a damaged gzip file (it ends early or its data is corrupt)",
                    "Download it again; a truncated .gz cannot be unpacked.");
        } catch (IOException e) {
            throw FlashlineException.badInput(name + " cannot be unpacked as gzip", "Download it again.");
        }
    }

    private static void store(Path target, byte[] bin) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".pin-", ".part");
            Files.write(temp, bin);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot write " + target + ": " + e.getMessage(), "Check that the catalog folder is writable.");
        }
    }
}

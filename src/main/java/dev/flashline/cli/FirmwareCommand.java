package dev.flashline.cli;

import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.catalog.FirmwarePin;
import dev.flashline.catalog.FirmwarePinning;
import dev.flashline.catalog.ReleaseClient;
import dev.flashline.input.PropertiesFile;
import dev.flashline.input.TextFile;
import dev.flashline.tls.PemTrust;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `firmware list | fetch NAME[@VERSION] [--trust] | add FILE [--name N]`: the catalog and its pins. */
@Command(name = "firmware", mixinStandardHelpOptions = true, description = "List the firmware catalog, fetch and pin release builds, add local builds.",
        subcommands = {FirmwareCommand.ListCommand.class, FirmwareCommand.FetchCommand.class, FirmwareCommand.AddCommand.class})
final class FirmwareCommand {

    /** Options every firmware subcommand shares: which catalog, which release server. */
    abstract static class CatalogCommand extends LocalCommand {
        @Option(names = "--catalog", paramLabel = "FILE",
                description = "The catalog (default: flashline.catalog, else firmware-catalog/catalog.yaml); pins go to catalog.lock.yaml beside it.")
        Path catalogFile;

        @Option(names = "--config", defaultValue = "config", paramLabel = "DIR",
                description = "Folder with application.properties (flashline.catalog, flashline.firmware.*). Default: ${DEFAULT-VALUE}.")
        Path config;

        Properties settings() {
            Properties p = new Properties();
            Path file = config.resolve("application.properties");
            if (Files.isRegularFile(file)) {
                // Checked as the line checks it: size, UTF-8, no binary bytes, errors with file and line.
                PropertiesFile.parse(TextFile.read(file, "the station's settings as 'flashline.key = value' lines"),
                        "Write one setting per line as key = value.").values().forEach(p::setProperty);
            }
            return p;
        }

        FirmwareCatalog catalog() {
            Path file = catalogFile != null ? catalogFile
                    : Path.of(setting("flashline.catalog", "firmware-catalog/catalog.yaml"));
            return FirmwareCatalog.load(file);
        }

        String setting(String key, String fallback) {
            String v = settings().getProperty(key);
            return v == null || v.isBlank() ? fallback : v.trim();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the catalog's builds and whether each is pinned.")
    static final class ListCommand extends CatalogCommand {
        @Override
        int execute() {
            FirmwareCatalog catalog = catalog();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FirmwareEntry e : catalog.entries()) {
                String source = catalog.pinSource(e);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", e.name());
                row.put("version", e.version());
                row.put("sha256", e.sha256());
                row.put("pinned", source != null);
                row.put("source", source);
                row.put("trust", catalog.lock().pin(e.name()).map(FirmwarePin::trust).orElse(null));
                row.put("location", e.location());
                rows.add(row);
            }
            if (json()) {
                output.result(Map.of("firmware", rows));
            } else {
                FlashlineCli.out().printf("%-18s %-16s %-8s %-10s %s%n", "NAME", "VERSION", "PINNED", "TRUST", "SHA256");
                for (Map<String, Object> r : rows) {
                    FlashlineCli.out().printf("%-18s %-16s %-8s %-10s %s%n", r.get("name"), r.get("version"),
                            (Boolean) r.get("pinned") ? "yes" : "no", r.get("trust") == null ? "-" : r.get("trust"),
                            r.get("sha256") == null ? "-" : r.get("sha256"));
                }
                output.info("Pins: " + catalog.lock().file() + ". Unpinned builds are not installed; pin one with "
                        + "`flashline firmware fetch NAME[@VERSION]`.");
            }
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download a release build over HTTPS, check it against the release's published "
            + "sha256 (or trust it on first use with --trust), validate the image and pin it.")
    static final class FetchCommand extends CatalogCommand {
        @Parameters(paramLabel = "NAME[@VERSION]", description = "Catalog entry, optionally with a release version (tasmota@15.2.0).")
        String spec;

        @Option(names = "--trust", description = "When the release publishes no digest: accept the downloaded file's sha256 (trust on first use).")
        boolean trust;

        @Option(names = "--releases-url", paramLabel = "URL",
                description = "GitHub-compatible API base (default: flashline.firmware.releases-url, else https://api.github.com).")
        URI releasesUrl;

        @Option(names = "--ca-file", paramLabel = "FILE",
                description = "PEM CA certificate(s) to trust for the release server (default: flashline.firmware.ca-file, else the JDK's).")
        Path caFile;

        @Override
        int execute() {
            FirmwarePinning.Spec parsed = FirmwarePinning.Spec.parse(spec);
            FirmwareCatalog catalog = catalog();
            URI base = releasesUrl != null ? releasesUrl : URI.create(setting("flashline.firmware.releases-url", ReleaseClient.GITHUB_API.toString()));
            String ca = setting("flashline.firmware.ca-file", null);
            Path trustFile = caFile != null ? caFile : ca == null ? null : Path.of(ca);
            ReleaseClient client = new ReleaseClient(base, PemTrust.context(trustFile, "the release server " + base));
            ProgressLine progress = new ProgressLine(output.err());
            FirmwarePinning.Result result = new FirmwarePinning(catalog, client, Clock.systemUTC(), output::info)
                    .fetch(parsed, trust, (name, done, total) -> progress.update("fetch", done, total));
            output.result(resultJson(result.pin()));
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Validate a local build (.bin or .bin.gz) and pin it (trust: local).")
    static final class AddCommand extends CatalogCommand {
        @Parameters(paramLabel = "FILE", description = "tasmota .bin or .bin.gz")
        Path file;

        @Option(names = "--name", paramLabel = "NAME[@VERSION]",
                description = "Catalog entry it is a build of (default: the file's name without .bin/.bin.gz); @VERSION when the entry names none.")
        String name;

        @Override
        int execute() {
            String spec = name != null ? name : file.getFileName().toString().replaceFirst("\\.bin(\\.gz)?$", "");
            FirmwarePinning.Result result = new FirmwarePinning(catalog(), null, Clock.systemUTC(), output::info)
                    .add(file, FirmwarePinning.Spec.parse(spec));
            output.result(resultJson(result.pin()));
            return 0;
        }
    }

    static Map<String, Object> resultJson(FirmwarePin pin) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", pin.name());
        m.put("version", pin.version());
        m.put("sha256", pin.sha256());
        m.put("size", pin.size());
        m.put("trust", pin.trust());
        if (pin.packed() != null) {
            m.put("packedSha256", pin.packed().sha256());
        }
        return m;
    }
}

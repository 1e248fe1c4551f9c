package dev.flashline.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.catalog.FirmwareStore;
import dev.flashline.config.ConfigLocation;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.image.Esp32Firmware;
import dev.flashline.image.Esp8266Image;
import dev.flashline.image.ImageChip;
import dev.flashline.input.TextFile;
import dev.flashline.input.YamlFile;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.transport.PortUrl;
import dev.flashline.transport.TransportException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The line's own settings and route files, checked at start before anything is started (broker,
 * virtual devices, Camel) and before any device is contacted. Every complaint names the file and
 * line the value is written on.
 */
final class StartChecks {
    private StartChecks() {
    }

    /** The settings only the line reads (ProvisioningSettings checks the rest). */
    static void settings(Map<String, String> config, ConfigLocation where) {
        whole(config, where, "flashline.attempts", 1, 100, "failed connection attempts per device, e.g. 3");
        whole(config, where, "flashline.baud", 9600, 4_000_000, "the baud rate once the stub runs, e.g. 460800 (or 115200)");
        whole(config, where, "flashline.boot-timeout-seconds", 1, 3600, "seconds, e.g. 20");
        whole(config, where, "flashline.online-timeout-seconds", 1, 3600, "seconds, e.g. 30");
        whole(config, where, "flashline.web.port", 0, 65535, "a TCP port, e.g. 8266 (0 turns the station page off)");
        String before = config.get("flashline.before");
        if (before != null) {
            try {
                ResetStrategy.parse(before);
            } catch (RuntimeException e) {
                throw bad(where, "flashline.before", "flashline.before is '" + before + "'",
                        "Write wait (hold the button while powering up), default-reset or no-reset.");
            }
        }
        String watch = config.get("flashline.watch-serial");
        if (watch != null && !watch.equalsIgnoreCase("true") && !watch.equalsIgnoreCase("false")) {
            throw bad(where, "flashline.watch-serial", "flashline.watch-serial is '" + watch + "'", "Write true or false.");
        }
        String ports = config.get("flashline.ports");
        if (ports != null) {
            for (String port : ports.split(",")) {
                try {
                    PortUrl.parse(port);
                } catch (TransportException e) {
                    throw bad(where, "flashline.ports", "flashline.ports has '" + port.strip() + "': " + e.getMessage(),
                            "Write port URLs separated by commas: " + PortUrl.USAGE + ".");
                }
            }
        }
        for (String key : List.of("flashline.calibration.power", "flashline.calibration.voltage", "flashline.calibration.current")) {
            String value = config.get(key);
            if (value != null && !value.matches("\\d{1,7}(\\.\\d{1,6})?") || value != null && Double.parseDouble(value) <= 0) {
                throw bad(where, key, key + " is '" + value + "'", "Write the reference load's value as a positive number"
                        + " (power in W, voltage in V, current in mA), e.g. 60.");
            }
        }
        String stub = config.getOrDefault("flashline.stub", "").trim();
        if (!stub.isEmpty() && !Files.isRegularFile(Path.of(stub))) {
            throw bad(where, "flashline.stub", "flashline.stub names " + stub + ", which is not a file",
                    "Point flashline.stub at a flasher stub JSON in esptool's layout, or leave it empty for the bundled stub.");
        }
    }

    /** flashline.firmware: every build it names must be in the catalog. */
    static void firmware(FirmwareCatalog catalog, String firmware, ConfigLocation where) {
        if (firmware == null) {
            return;
        }
        for (String name : firmware.split(",")) {
            if (!name.isBlank() && catalog.find(name.trim()).isEmpty()) {
                throw bad(where, "flashline.firmware", "flashline.firmware names '" + name.trim() + "', which is not in "
                        + catalog.file(), "Use one of: " + String.join(", ", catalog.entries().stream().map(FirmwareEntry::name).toList()) + ".");
            }
        }
    }

    /** The largest flash of any supported chip: no build can be larger. */
    private static final long MAX_IMAGE = 16L << 20;

    /**
     * The builds on disk this run may install (those flashline.firmware names and the catalog's
     * defaults, where they are local files or pinned files): there, of the pinned sha256, no larger
     * than the entry's flash, and for ESP8266 builds a sound image. A device is never flashed from
     * a file that was not checked at start.
     */
    static void localBuilds(FirmwareCatalog catalog, FirmwareStore store, String firmware) {
        List<String> names = new ArrayList<>();
        if (firmware != null) {
            for (String name : firmware.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        catalog.entries().stream().filter(FirmwareEntry::isDefault).map(FirmwareEntry::name).forEach(names::add);
        for (String name : names) {
            FirmwareEntry entry = catalog.find(name).orElse(null);
            if (entry == null || (entry.source() != FirmwareEntry.Source.FILE && entry.source() != FirmwareEntry.Source.FILE_URL)
                    || entry.sha256() == null) {
                continue; // downloads and demo builds are checked when obtained; unpinned ones are refused by ProfileCheck
            }
            Path file = entry.file() != null ? entry.file() : Path.of(entry.url());
            String where = catalog.where(entry.name()) + ": firmware '" + entry.name() + "': ";
            try {
                if (Files.isRegularFile(file) && Files.size(file) > Math.min(MAX_IMAGE, entry.minFlashBytes())) {
                    throw new FlashlineException(ErrorCode.BAD_IMAGE, where + file + " is " + Files.size(file)
                            + " bytes, larger than the " + dev.flashline.units.ByteSize.format(entry.minFlashBytes())
                            + " flash the entry is for; is this the right file?",
                            Hint.text("Point the entry at the right build, or fix its minFlash."));
                }
                store.obtain(entry, null); // there, and of the pinned sha256
                byte[] image = Files.readAllBytes(file);
                if (image.length == 0) {
                    throw new FlashlineException(ErrorCode.BAD_IMAGE, where + file + " is empty",
                            Hint.text("Point the entry at the firmware .bin, and pin it again."));
                }
                if (entry.chip().equals("esp8266") || entry.chip().equals("esp8285")) {
                    Esp8266Image.parse(image, file.toString());
                } else if (entry.chip().equals("esp32") || entry.chip().equals("esp32c3")) {
                    // the line writes ESP32-family builds at 0: a factory image for that chip (segments, checksum, SHA-256)
                    Esp32Firmware.inspect(image, file.toString(), entry.chip().equals("esp32") ? ImageChip.ESP32 : ImageChip.ESP32C3);
                }
            } catch (FlashlineException e) {
                if (e.getMessage().startsWith(where)) {
                    throw e;
                }
                String own = "Firmware '" + entry.name() + "'";
                String message = e.getMessage().startsWith(own) ? e.getMessage().substring(own.length()).replaceFirst("^:?\\s*", "")
                        : e.getMessage();
                throw new FlashlineException(e.code(), where + message, e.hintTemplate());
            } catch (IOException e) {
                throw new FlashlineException(ErrorCode.BAD_FILE, where + file + " cannot be read", Hint.text("Check its permissions."));
            }
        }
    }

    /**
     * The route files in {@code routesDir} (when the folder exists): each readable UTF-8 YAML holding
     * a list of route definitions; Camel checks the rest when it loads them.
     */
    static void routes(Path routesDir) {
        if (!Files.isDirectory(routesDir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(routesDir, "*.camel.yaml")) {
            dir.forEach(files::add);
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, routesDir + ": cannot be listed", Hint.text("Check the folder's permissions."));
        }
        if (files.isEmpty()) {
            throw new FlashlineException(ErrorCode.BAD_FILE, routesDir + ": holds no *.camel.yaml route file",
                    Hint.text("Point --routes at the folder with provision.camel.yaml (the project's routes/)."));
        }
        String holds = "the line's routes in Camel's YAML DSL (a list of '- route:' entries)";
        for (Path file : files) {
            YamlFile yaml = YamlFile.read(file, holds, "Fix the YAML syntax (indentation, '- ' before each list item, ':' after keys).");
            JsonNode root = yaml.root();
            if (root == null) {
                throw yaml.fail("", "is empty: it defines no route", "Restore it (the project's routes/ has the line), or delete it.");
            }
            if (!root.isArray()) {
                throw yaml.fail("", "is not a list of route definitions", "Start each definition with '- route:' (or"
                        + " '- routeConfiguration:'), as the project's routes/provision.camel.yaml does.");
            }
            for (int i = 0; i < root.size(); i++) {
                if (!root.get(i).isObject() || root.get(i).isEmpty()) {
                    throw yaml.fail("/" + i, "item " + (i + 1) + " is not a definition such as '- route:'",
                            "Start each definition with '- route:' followed by its keys, indented.");
                }
            }
        }
        readAsCamelDoes(files);
    }

    /**
     * Reads the route files with Camel's YAML DSL into a context that is never started, so that an
     * unknown key or step stops the line here, naming the file and line, instead of after the broker
     * and the virtual devices are up.
     */
    private static void readAsCamelDoes(List<Path> files) {
        DefaultCamelContext context = new DefaultCamelContext(false);
        try {
            context.getPropertiesComponent().setIgnoreMissingLocation(true);
            RoutesLoader loader = PluginHelper.getRoutesLoader(context);
            for (Path file : files) {
                try {
                    loader.loadRoutes(ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
                } catch (Exception e) {
                    throw routeError(file, e);
                }
            }
        } finally {
            try {
                context.close();
            } catch (IOException e) {
                // a context that never started has nothing to release
            }
        }
    }

    private static FlashlineException routeError(Path file, Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MarkedYamlEngineException m) {
                int line = m.getProblemMark().or(m::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
                String problem = m.getProblem() == null ? "" : m.getProblem().strip();
                return new FlashlineException(ErrorCode.BAD_FILE, TextFile.where(file, line) + ": " + problem,
                        Hint.text("Check the spelling against Camel's YAML DSL (route, from, uri, steps, to, bean …) and the"
                                + " project's routes/provision.camel.yaml."));
            }
        }
        String message = failure.getMessage() == null ? "cannot be read as Camel routes" : failure.getMessage().lines().findFirst().orElse("");
        return new FlashlineException(ErrorCode.BAD_FILE, file + ": " + message,
                Hint.text("Compare it with the project's routes/provision.camel.yaml."));
    }

    private static void whole(Map<String, String> config, ConfigLocation where, String key, long min, long max, String what) {
        String value = config.get(key);
        if (value == null) {
            return;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(where, key, key + " is '" + value + "'", "Write a whole number from " + min + " to " + max + ": " + what + ".");
    }

    private static FlashlineException bad(ConfigLocation where, String key, String what, String hint) {
        return new FlashlineException(ErrorCode.BAD_INPUT, where.of(key) + ": " + what, Hint.text(hint));
    }
}

package dev.flashline.pipeline;

import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditOutbox;
import dev.flashline.audit.BackupStore;
import dev.flashline.audit.RunJournal;
import dev.flashline.audit.SecretMasker;
import dev.flashline.audit.SpooledBackups;
import dev.flashline.audit.StoredBlocks;
import dev.flashline.camel.EspComponent;
import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.catalog.FirmwareStore;
import dev.flashline.config.ConfigLocation;
import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceProfiles;
import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
import dev.flashline.station.BusFeed;
import dev.flashline.station.OperatorView;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.camel.main.Main;

/**
 * The provisioning line: loads config/, the catalog and the manifest, starts what a simulated
 * run needs (virtual devices, an embedded broker), then runs the YAML routes in routes/ on
 * camel-main until the batch is done (or forever without one).
 */
public final class ProvisioningLine {
    /**
     * How the line is started; {@code simulate} > 0 means that many virtual devices, started by
     * {@code simulator} (which the outcome closes; null for a real station).
     */
    public record Options(Path configDir, Path routesDir, Path dataDir, int batch, int simulate, DeviceSimulator simulator,
                          long timeoutSeconds, Map<String, String> env, PrintStream console) {
    }

    /**
     * What a run ended with. Simulated devices and the embedded broker stay up (devices online, as
     * at a real station) until the outcome is closed.
     */
    public record Outcome(boolean allProvisioned, List<BatchTracker.Row> rows, Path dataDir,
                          String mqttUrl, List<AutoCloseable> resources)
            implements AutoCloseable {
        @Override
        public void close() {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // best effort on the way out
                }
            }
        }
    }

    private ProvisioningLine() {
    }

    public static Outcome run(Options o) throws Exception {
        return run(o, OperatorView.plain());
    }

    /** As {@link #run(Options)}, shown through {@code view} (live table or JSON lines, station page, batch report). */
    public static Outcome run(Options o, OperatorView view) throws Exception {
        boolean simulate = o.simulate() > 0;
        if (simulate && o.simulator() == null) {
            throw new IllegalArgumentException("A simulated run needs a DeviceSimulator");
        }
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(view);
        boolean handedOver = false;
        try {
            LineConfig.Loaded loaded = LineConfig.read(o.configDir(), o.env());
            Map<String, String> config = loaded.values();
            ConfigLocation where = loaded.where();
            if (o.dataDir() != null) {
                config.put("flashline.data-dir", o.dataDir().toString());
            }
            // Every input file and setting is checked before anything is started or any device is contacted.
            boolean embeddedBroker = simulate && !config.containsKey("flashline.mqtt.host") && !config.containsKey("flashline.mqtt.url");
            Map<String, String> checked = new java.util.LinkedHashMap<>(config);
            if (embeddedBroker) {
                checked.put("flashline.mqtt.host", "127.0.0.1"); // the embedded broker's, once it runs
            }
            ProvisioningSettings settings = ProvisioningSettings.from(checked, o.env(), simulate, where);
            StartChecks.settings(config, where);
            if (settings.mqttTls()) {
                settings.mqttSocketFactory(); // the CA file: there and a certificate
            }
            StartChecks.routes(o.routesDir());
            FirmwareCatalog catalog = FirmwareCatalog.load(Path.of(config.getOrDefault("flashline.catalog", "firmware-catalog/catalog.yaml")));
            StartChecks.firmware(catalog, settings.firmware(), where);
            FirmwareStore store = new FirmwareStore(settings.dataDir().resolve("firmware-cache"), demoImages(o.simulator()));
            StartChecks.localBuilds(catalog, store, settings.firmware());
            DeviceManifest manifest = DeviceManifest.loadIfExists(o.configDir().resolve("devices.csv"));
            // Profiles, their builds and the batch's build (pinned at a real station): before any device is touched.
            DeviceProfiles profiles = DeviceProfiles.load(o.configDir());
            profiles.checkReferences(manifest, settings, where);
            List<String> notes = ProfileCheck.atStart(profiles, manifest, settings, catalog, config, simulate);

            EmbeddedBroker broker = null;
            if (embeddedBroker) {
                broker = new EmbeddedBroker();
                resources.add(broker);
                config.put("flashline.mqtt.host", "127.0.0.1");
                config.put("flashline.mqtt.port", Integer.toString(broker.port()));
                o.console().println("Embedded MQTT broker on " + broker.url());
                settings = ProvisioningSettings.from(config, o.env(), simulate, where);
            }
            notes.forEach(n -> o.console().println("note: " + n));
            BrokerPreflight.check(settings).ifPresent(w -> o.console().println("warning: " + w));
            SecretMasker masker = new SecretMasker(settings.secrets());
            Path dataDir = settings.dataDir();
            Files.createDirectories(dataDir);

            List<String> ports = new ArrayList<>();
            if (simulate) {
                resources.add(0, o.simulator());
                ports.addAll(o.simulator().start(o.simulate(), settings.wifiSsid(), settings.wifiPassword()));
            } else if (config.containsKey("flashline.ports")) {
                ports.addAll(List.of(config.get("flashline.ports").split(",")));
            }
            int expected = simulate ? o.simulate() : o.batch();
            BatchTracker tracker = new BatchTracker(view.stepLines(o.console()), masker, expected);
            BusFeed feed = view.feed(tracker, masker::mask);
            tracker.whenDeviceDone(feed::deviceDone);

            // What a line that was killed left behind, before any device is touched.
            AuditLog auditLog = new AuditLog(dataDir, masker);
            RunJournal journal = new RunJournal(dataDir);
            AuditOutbox outbox = new AuditOutbox(dataDir);
            BackupStore backups = new BackupStore(dataDir);
            SpooledBackups spool = new SpooledBackups(dataDir);
            LineRecovery.run(auditLog, journal, outbox, backups, spool, masker, settings.station(), o.console());

            Main main = new Main();
            EspComponent esp = new EspComponent();
            esp.setSecretMasker(masker::mask);
            esp.setSettingNames(LineSettings.PROPERTIES);
            esp.setDeviceEvents(new JournaledEvents(journal, feed));
            main.bind("esp", esp);
            if (settings.mqttTls()) {
                main.bind(ProvisioningSettings.MQTT_SOCKET_FACTORY_BEAN, settings.mqttSocketFactory());
            }
            long onlineTimeout = Long.parseLong(config.getOrDefault("flashline.online-timeout-seconds", "30")) * 1000;
            DeviceWatch watch = new DeviceWatch(onlineTimeout, 10_000, settings.mqttHost() + ":" + settings.mqttPort(),
                    settings.mqttUser());
            OutboxStep outboxStep = new OutboxStep(outbox);
            main.bind("profiles", new ProfileStep(profiles, manifest, settings, config));
            main.bind("firmware", new FirmwareStep(catalog, store, settings.firmware(), simulate));
            main.bind("backups", new BackupStep(backups, spool));
            main.bind("backupSpool", BackupStep.spool(spool));
            main.bind("storedBlocks", BackupStep.knownContent(new StoredBlocks(backups)));
            long bootTimeout = Long.parseLong(config.getOrDefault("flashline.boot-timeout-seconds", "20")) * 1000;
            main.bind("tasmota", new TasmotaSetup(settings, manifest, bootTimeout, 10_000, watch));
            main.bind("deviceWatch", watch);
            main.bind("audit", new AuditStep(auditLog, masker, settings, tracker, journal, outbox, watch));
            main.bind("auditOutbox", outboxStep);
            main.setOverrideProperties(camelProperties(config, settings, ports, simulate, o));

            o.console().println("Starting the provisioning line: " + (ports.isEmpty() ? "watching for serial adapters"
                    : ports.size() + " port(s)") + ", data in " + dataDir.toAbsolutePath());
            view.lineStarting(new OperatorView.Line(settings.station(), ports, expected, dataDir, config,
                    masker.maskConfig(config)), o.console());
            main.start();
            resources.add(0, main::stop); // stops first: devices stay attached and online until the outcome closes
            view.serve(main.getCamelContext());
            // SIGTERM / Ctrl-C: stop within seconds; devices still mid-run get their interrupted record on the way out.
            resources.add(0, new StopOnSignal(main, auditLog, journal, outbox, masker, settings.station(), o.console()));
            try {
                if (expected > 0) {
                    if (!tracker.awaitBatch(o.timeoutSeconds(), TimeUnit.SECONDS)) {
                        o.console().println("Timed out after " + o.timeoutSeconds() + " s with " + tracker.finished()
                                + " of " + expected + " device(s) done.");
                    }
                } else {
                    Thread.currentThread().join(); // until the JVM is stopped (Ctrl-C)
                }
                awaitOutbox(outboxStep, 5_000);
            } finally {
                tracker.printSummary();
                view.lineEnded(false);
            }
            if (!outboxStep.empty()) {
                o.console().println("Some audit records are not on the broker yet: they stay in " + outbox.directory()
                        + " and are published when the broker is reachable (at the latest at the next start).");
            }
            handedOver = true;
            return new Outcome(tracker.allProvisioned(), tracker.rows(), dataDir,
                    settings.mqttBrokerUri(), List.copyOf(resources));
        } finally {
            if (!handedOver) {
                new Outcome(false, List.of(), null, null, resources).close();
            }
        }
    }

    /** Gives the audit-outbox route a moment to publish the last records of a batch. */
    private static void awaitOutbox(OutboxStep outbox, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!outbox.empty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Demo images come from the simulator: only simulated devices understand them. */
    private static Function<String, byte[]> demoImages(DeviceSimulator simulator) {
        if (simulator != null) {
            return simulator::demoFirmware;
        }
        return spec -> {
            throw FlashlineException.badInput("The demo firmware is only for simulated devices",
                    "Choose a real Tasmota build in flashline.firmware.");
        };
    }

    /** A real station must name the build to install: the catalog's default is the demo image. */
    static void requireRealFirmware(FirmwareCatalog catalog, String preferred) {
        if (preferred == null) {
            throw FlashlineException.badInput("flashline.firmware is not set: the catalog's default is the demo image,"
                            + " which only simulated devices understand",
                    "Set flashline.firmware in config/application.properties to a pinned catalog entry (e.g. tasmota, pinned with `flashline firmware fetch tasmota`).");
        }
        // A mixed drawer names one build per chip ("tasmota, tasmota32, tasmota32c3"): each must be real and pinned.
        for (String name : preferred.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            FirmwareEntry entry = catalog.find(name.trim()).orElseThrow(() -> FlashlineException.badInput(
                    "flashline.firmware names '" + name.trim() + "', which is not in " + catalog.file(),
                    "Use one of: " + catalog.entries().stream().map(FirmwareEntry::name).toList()));
            if (entry.source() == FirmwareEntry.Source.DEMO) {
                throw FlashlineException.badInput("The demo firmware cannot be installed on real devices",
                        "Choose a real Tasmota build in flashline.firmware.");
            }
            catalog.requirePinned(entry); // at start, before any operator powers up a device
            PinnedTasmota32.requireFactoryImage(catalog, entry);
        }
    }

    private static Properties camelProperties(Map<String, String> config, ProvisioningSettings settings, List<String> ports,
                                              boolean simulate, Options o) {
        Properties p = new Properties();
        config.forEach(p::setProperty);
        p.setProperty("flashline.ports", String.join(",", ports));
        p.setProperty("flashline.watch-serial", Boolean.toString(!simulate && ports.isEmpty()
                || Boolean.parseBoolean(config.getOrDefault("flashline.watch-serial", "false"))));
        // A simulated port with one device is done after it; ports where devices come and go are watched on.
        p.setProperty("flashline.once-per-port", Boolean.toString(simulate && ports.size() >= o.simulate()));
        p.setProperty("flashline.batch", Integer.toString(simulate ? o.simulate() : o.batch()));
        p.setProperty("flashline.concurrency", Integer.toString(simulate ? Math.max(ports.size(), settings.concurrency())
                : settings.concurrency()));
        p.setProperty("flashline.before", config.getOrDefault("flashline.before", "wait"));
        p.setProperty("flashline.baud", config.getOrDefault("flashline.baud", "460800"));
        p.setProperty("flashline.stub", stubFile(config));
        p.setProperty("flashline.attempts", attempts(config));
        p.setProperty("flashline.station", settings.station());
        // The station's own MQTT client options for the paho endpoints in routes/ (no empty user name).
        // Paho reconnects by itself (automaticReconnect), retrying at most every 2 s after a broker restart.
        p.setProperty("flashline.mqtt.options", settings.pahoOptions() + "&maxReconnectDelay=2000");
        p.setProperty("flashline.mqtt.client-id", "flashline-" + settings.station().replaceAll("[^A-Za-z0-9_-]", "_")
                + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFF));
        p.setProperty("camel.main.name", "flashline");
        p.setProperty("camel.main.routes-include-pattern", routesPattern(o.routesDir()));
        // A broker that is down must not stop the line: MQTT routes are retried in the background.
        p.setProperty("camel.routecontroller.enabled", "true");
        p.setProperty("camel.routecontroller.back-off-delay", "2000");
        p.setProperty("camel.routecontroller.initial-delay", "0");
        p.setProperty("camel.main.message-history", "false");
        // A stop (Ctrl-C, SIGTERM) gives running devices 3 s; their threads are interrupted when the consumer stops.
        p.setProperty("camel.main.shutdown-timeout", "3");
        return p;
    }

    /** flashline.stub: a stub JSON that must exist (checked before any device is contacted); "" for the bundled one. */
    static String stubFile(Map<String, String> config) {
        String stub = config.getOrDefault("flashline.stub", "").trim();
        if (!stub.isEmpty() && !Files.isRegularFile(Path.of(stub))) {
            throw FlashlineException.badInput("flashline.stub names " + stub + ", which is not a file",
                    "Point flashline.stub at a flasher stub JSON in esptool's layout, or leave it empty for the bundled stub.");
        }
        return stub.isEmpty() ? "" : Path.of(stub).toAbsolutePath().toString();
    }

    /** flashline.attempts: failed connection attempts per device before it is recorded failed (at least 1). */
    static String attempts(Map<String, String> config) {
        String value = config.getOrDefault("flashline.attempts", "3").trim();
        try {
            if (Integer.parseInt(value) >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw FlashlineException.badInput("flashline.attempts must be a whole number of at least 1, not '" + value + "'",
                "Set flashline.attempts in config/application.properties, e.g. 3.");
    }

    static String routesPattern(Path routesDir) {
        if (Files.isDirectory(routesDir)) {
            return "file:" + routesDir.toAbsolutePath() + "/*.camel.yaml";
        }
        return "classpath:routes/*.camel.yaml";
    }

}

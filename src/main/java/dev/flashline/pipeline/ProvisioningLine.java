package dev.flashline.pipeline;

import dev.flashline.audit.AuditLog;
import dev.flashline.audit.BackupStore;
import dev.flashline.audit.SecretMasker;
import dev.flashline.camel.EspComponent;
import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.catalog.FirmwareStore;
import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceProfiles;
import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
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
        boolean simulate = o.simulate() > 0;
        if (simulate && o.simulator() == null) {
            throw new IllegalArgumentException("A simulated run needs a DeviceSimulator");
        }
        Map<String, String> config = LineConfig.load(o.configDir(), o.env());
        if (o.dataDir() != null) {
            config.put("flashline.data-dir", o.dataDir().toString());
        }
        List<AutoCloseable> resources = new ArrayList<>();
        boolean handedOver = false;
        try {
            EmbeddedBroker broker = null;
            if (simulate && !config.containsKey("flashline.mqtt.host") && !config.containsKey("flashline.mqtt.url")) {
                broker = new EmbeddedBroker();
                resources.add(broker);
                config.put("flashline.mqtt.host", "127.0.0.1");
                config.put("flashline.mqtt.port", Integer.toString(broker.port()));
                o.console().println("Embedded MQTT broker on " + broker.url());
            }
            ProvisioningSettings settings = ProvisioningSettings.from(config, o.env(), simulate);
            BrokerPreflight.check(settings).ifPresent(w -> o.console().println("warning: " + w));
            SecretMasker masker = new SecretMasker(settings.secrets());
            Path dataDir = settings.dataDir();
            Files.createDirectories(dataDir);

            FirmwareCatalog catalog = FirmwareCatalog.load(Path.of(config.getOrDefault("flashline.catalog", "firmware-catalog/catalog.yaml")));
            FirmwareStore store = new FirmwareStore(dataDir.resolve("firmware-cache"), demoImages(o.simulator()));
            DeviceManifest manifest = DeviceManifest.loadIfExists(o.configDir().resolve("devices.csv"));
            // Profiles, their builds and the batch's build (pinned at a real station): before any device is touched.
            DeviceProfiles profiles = DeviceProfiles.load(o.configDir());
            ProfileCheck.atStart(profiles, manifest, settings, catalog, config, simulate).forEach(n -> o.console().println("note: " + n));

            List<String> ports = new ArrayList<>();
            if (simulate) {
                resources.add(0, o.simulator());
                ports.addAll(o.simulator().start(o.simulate(), settings.wifiSsid(), settings.wifiPassword()));
            } else if (config.containsKey("flashline.ports")) {
                ports.addAll(List.of(config.get("flashline.ports").split(",")));
            }
            int expected = simulate ? o.simulate() : o.batch();
            BatchTracker tracker = new BatchTracker(o.console(), masker, expected);

            Main main = new Main();
            EspComponent esp = new EspComponent();
            esp.setSecretMasker(masker::mask);
            esp.setDeviceEvents(tracker);
            main.bind("esp", esp);
            if (settings.mqttTls()) {
                main.bind(ProvisioningSettings.MQTT_SOCKET_FACTORY_BEAN, settings.mqttSocketFactory());
            }
            long onlineTimeout = Long.parseLong(config.getOrDefault("flashline.online-timeout-seconds", "30")) * 1000;
            main.bind("profiles", new ProfileStep(profiles, manifest, settings, config));
            main.bind("firmware", new FirmwareStep(catalog, store, settings.firmware(), simulate));
            main.bind("backups", new BackupStep(new BackupStore(dataDir)));
            main.bind("tasmota", new TasmotaSetup(settings, manifest, 20_000, 10_000));
            main.bind("deviceWatch", new DeviceWatch(onlineTimeout, 10_000, settings.mqttHost() + ":" + settings.mqttPort()));
            main.bind("audit", new AuditStep(new AuditLog(dataDir, masker), masker, settings, tracker));
            main.setOverrideProperties(camelProperties(config, settings, ports, simulate, o));

            o.console().println("Starting the provisioning line: " + (ports.isEmpty() ? "watching for serial adapters"
                    : ports.size() + " port(s)") + ", data in " + dataDir.toAbsolutePath());
            main.start();
            resources.add(0, main::stop); // stops first: devices stay attached and online until the outcome closes
            try {
                if (expected > 0) {
                    if (!tracker.awaitBatch(o.timeoutSeconds(), TimeUnit.SECONDS)) {
                        o.console().println("Timed out after " + o.timeoutSeconds() + " s with " + tracker.rows().size()
                                + " of " + expected + " device(s) done.");
                    }
                } else {
                    Thread.currentThread().join(); // until the JVM is stopped (Ctrl-C)
                }
            } finally {
                tracker.printSummary();
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
        FirmwareEntry entry = catalog.find(preferred).orElseThrow(() -> FlashlineException.badInput(
                "flashline.firmware names '" + preferred + "', which is not in " + catalog.file(),
                "Use one of: " + catalog.entries().stream().map(FirmwareEntry::name).toList()));
        if (entry.source() == FirmwareEntry.Source.DEMO) {
            throw FlashlineException.badInput("The demo firmware cannot be installed on real devices",
                    "Choose a real Tasmota build in flashline.firmware.");
        }
        catalog.requirePinned(entry); // at start, before any operator powers up a device

    }

    private static Properties camelProperties(Map<String, String> config, ProvisioningSettings settings, List<String> ports,
                                              boolean simulate, Options o) {
        Properties p = new Properties();
        config.forEach(p::setProperty);
        p.setProperty("flashline.ports", String.join(",", ports));
        p.setProperty("flashline.watch-serial", Boolean.toString(!simulate && ports.isEmpty()
                || Boolean.parseBoolean(config.getOrDefault("flashline.watch-serial", "false"))));
        p.setProperty("flashline.once-per-port", Boolean.toString(simulate));
        p.setProperty("flashline.batch", Integer.toString(simulate ? o.simulate() : o.batch()));
        p.setProperty("flashline.concurrency", Integer.toString(simulate ? Math.max(o.simulate(), settings.concurrency())
                : settings.concurrency()));
        p.setProperty("flashline.before", config.getOrDefault("flashline.before", "wait"));
        p.setProperty("flashline.baud", config.getOrDefault("flashline.baud", "460800"));
        p.setProperty("flashline.station", settings.station());
        // The station's own MQTT client options for the paho endpoints in routes/ (no empty user name).
        p.setProperty("flashline.mqtt.options", settings.pahoOptions());
        p.setProperty("flashline.mqtt.client-id", "flashline-" + settings.station().replaceAll("[^A-Za-z0-9_-]", "_")
                + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFF));
        p.setProperty("camel.main.name", "flashline");
        p.setProperty("camel.main.routes-include-pattern", routesPattern(o.routesDir()));
        // A broker that is down must not stop the line: MQTT routes are retried in the background.
        p.setProperty("camel.routecontroller.enabled", "true");
        p.setProperty("camel.routecontroller.back-off-delay", "2000");
        p.setProperty("camel.routecontroller.initial-delay", "0");
        p.setProperty("camel.main.message-history", "false");
        p.setProperty("camel.main.shutdown-timeout", "5");
        return p;
    }

    static String routesPattern(Path routesDir) {
        if (Files.isDirectory(routesDir)) {
            return "file:" + routesDir.toAbsolutePath() + "/*.camel.yaml";
        }
        return "classpath:routes/*.camel.yaml";
    }

}

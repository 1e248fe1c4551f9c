package dev.flashline.cli;

import dev.flashline.errors.ErrorCode;
import dev.flashline.pipeline.ProvisioningLine;
import dev.flashline.station.OperatorView;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The provisioning line (Camel): `run --simulate 3` on a fresh machine, `run` at a real station. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the provisioning line: back up, flash, verify, configure and audit each device that appears.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--simulate", defaultValue = "0", paramLabel = "K",
            description = "Provision K virtual Sonoffs (embedded broker unless flashline.mqtt.host is set), then exit.")
    int simulate;

    @Option(names = "--config", defaultValue = "config", paramLabel = "DIR", description = "Folder with application.properties and devices.csv. Default: ${DEFAULT-VALUE}.")
    Path config;

    @Option(names = "--routes", defaultValue = "routes", paramLabel = "DIR", description = "Folder with the YAML routes (*.camel.yaml). Default: ${DEFAULT-VALUE}.")
    Path routes;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where audit/ and backups/ go (default: flashline.data-dir, else ./data).")
    Path dataDir;

    @Option(names = "--batch", defaultValue = "0", paramLabel = "N", description = "Stop after N devices (default: run until stopped).")
    int batch;

    @Option(names = "--line-rate", description = "With --simulate: virtual devices talk at real UART speed (115200 baud).")
    boolean lineRate;

    @Option(names = "--tasmota-version", paramLabel = "VERSION",
            description = "With --simulate: version the simulated Tasmota reports, e.g. 9.4.0.5 or 14.3.0(tasmota). Default: the flashed image's.")
    String tasmotaVersion;

    @Option(names = "--tasmota-log-style", defaultValue = "demo", paramLabel = "STYLE",
            description = "With --simulate: console dialect of the simulated Tasmota: demo, 6 (6.x), 9 (9.x) or current (13-15). Default: ${DEFAULT-VALUE}.")
    String tasmotaLogStyle;

    @Option(names = "--chips", defaultValue = "esp8266", paramLabel = "LIST",
            description = "With --simulate: the virtual devices' chips, taken in turn (esp8266, esp8285, esp32, esp32c3)."
                    + " Default: ${DEFAULT-VALUE}.")
    String chips;

    @Option(names = "--timeout", defaultValue = "900", paramLabel = "SECONDS", description = "With --batch / --simulate: give up after this long. Default: ${DEFAULT-VALUE}.")
    long timeoutSeconds;

    @Mixin
    ViewOptions view;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(FlashlineCli.out(), FlashlineCli.err(), false);
        if (simulate < 0 || batch < 0) {
            output.error(ErrorCode.BAD_OPTION.code(), "--simulate and --batch take a count of devices", "For example: run --simulate 3");
            return ErrorCode.BAD_OPTION.kind().exitCode();
        }
        VirtualStation station = null;
        if (simulate > 0) {
            try {
                station = VirtualStation.forChips(lineRate, chips, tasmotaLogStyle, tasmotaVersion);
            } catch (IllegalArgumentException e) {
                output.error(ErrorCode.BAD_OPTION.code(), e.getMessage(), "See flashline run --help (e.g. --chips esp8266,esp32,esp32c3).");
                return ErrorCode.BAD_OPTION.kind().exitCode();
            }
        }
        OperatorView operator = view.view(FlashlineCli.out(), FlashlineCli.err());
        try (ProvisioningLine.Outcome outcome = ProvisioningLine.run(new ProvisioningLine.Options(config, routes, dataDir,
                batch, simulate, station, timeoutSeconds, System.getenv(), operator.console(FlashlineCli.err())), operator)) {
            output.info("Audit records and backups are in " + outcome.dataDir().toAbsolutePath());
            return outcome.allProvisioned() ? 0 : 1;
        }
    }
}

package dev.flashline.pipeline;

import dev.flashline.cli.VirtualStation;
import dev.flashline.sim.Chip;
import dev.flashline.sim.Fault;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.station.OperatorView;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A station folder for one test: config/, data/, the project's real routes/ and catalog. */
final class LineFixture {
    static final String WIFI_PASSWORD = "Wifi-S3cret-4f9a";
    static final String MQTT_PASSWORD = "Mqtt-S3cret-77b2";

    final Path root;
    final Path config;
    final Path data;
    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    /** How the flashed devices behave (Tasmota log style and version). */
    TasmotaDialect dialect = TasmotaDialect.DEFAULT;
    /** The Wi-Fi the devices find (null: one with the station's SSID and password). */
    SimulatedNetwork network;
    /** Number of the first virtual device (its MAC and per-device flash follow it): a later batch of the same model. */
    int firstDeviceIndex;
    /** The chips of the virtual devices, taken in turn (device i is chips[i % n]). */
    List<Chip> chips = List.of(Chip.ESP8266EX);
    /** How the line reaches the virtual devices (default: their socket:// ports as they are). */
    java.util.function.Function<VirtualStation, DeviceSimulator> link = station -> station;
    private VirtualStation station;

    LineFixture(Path root) throws IOException {
        this.root = root;
        this.config = Files.createDirectories(root.resolve("config"));
        this.data = root.resolve("data");
        properties.put("flashline.wifi.ssid", "lab-iot");
        properties.put("flashline.wifi.password", "${env:FLASHLINE_WIFI_PASSWORD}");
        properties.put("flashline.mqtt.password", "${env:FLASHLINE_MQTT_PASSWORD}");
        properties.put("flashline.station", "test-bench");
        properties.put("flashline.catalog", Path.of("firmware-catalog/catalog.yaml").toAbsolutePath().toString());
        properties.put("flashline.backlog", "SetOption53 1; PowerOnState 3");
        properties.put("flashline.online-timeout-seconds", "15");
        env.put("FLASHLINE_WIFI_PASSWORD", WIFI_PASSWORD);
        env.put("FLASHLINE_MQTT_PASSWORD", MQTT_PASSWORD);
    }

    /** The virtual devices of the last run, in port order. */
    List<VirtualDevice> devices() {
        return station.devices();
    }

    /** The virtual station of the last run (what each simulated Tasmota was told). */
    VirtualStation station() {
        return station;
    }

    ProvisioningLine.Outcome run(int devices, Fault firstDeviceFault) throws Exception {
        return run(devices, firstDeviceFault, false, OperatorView.plain());
    }

    ProvisioningLine.Outcome run(int devices, Fault firstDeviceFault, boolean lineRate, OperatorView view) throws Exception {
        station = new VirtualStation(lineRate, firstDeviceFault, chips, dialect).network(network).firstDeviceIndex(firstDeviceIndex);
        StringBuilder text = new StringBuilder();
        properties.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(config.resolve("application.properties"), text);
        return ProvisioningLine.run(new ProvisioningLine.Options(config, Path.of("routes"), data, 0, devices, link.apply(station), 120, env,
                new PrintStream(console, true, StandardCharsets.UTF_8)), view);
    }

    String consoleText() {
        return console.toString(StandardCharsets.UTF_8);
    }
}

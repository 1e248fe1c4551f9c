package dev.flashline.cli;

import dev.flashline.pipeline.DeviceSimulator;
import dev.flashline.sim.Chip;
import dev.flashline.sim.Fault;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.StockFlash;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import dev.flashline.sim.tasmota.ReceivedCommands;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Virtual Sonoffs for {@code run --simulate K}: each holds a stock Sonoff's factory flash
 * ({@link StockFlash}: eWeLink firmware in both OTA slots, config and RF sectors, the rest
 * erased), so the backup has something to keep and compresses as a real one would; boots the simulated Tasmota once flashed with the demo image, joins the
 * simulated Wi-Fi (the station's SSID and password), and is served on its own socket:// port.
 */
public final class VirtualStation implements DeviceSimulator {
    private final boolean lineRate;
    private final Fault firstDeviceFault;
    private final TasmotaDialect dialect;
    private final List<Chip> chips;
    private final boolean stubReadsCompressed;
    private final List<VirtualDevice> devices = new ArrayList<>();
    private SimulatedNetwork network;
    private int firstIndex;
    private final List<ReceivedCommands> received = new ArrayList<>();
    private SimServer server;

    /**
     * @param lineRate         devices talk at real UART speed
     * @param firstDeviceFault how the first device misbehaves (null: it does not)
     */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault) {
        this(lineRate, firstDeviceFault, TasmotaDialect.DEFAULT);
    }

    /**
     * @param stubReadsCompressed false: the devices' stub answers READ_FLASH_DEFL as esptool's stub
     *                            does (invalid command), so backups take the plain READ_FLASH route
     */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault, boolean stubReadsCompressed) {
        this(lineRate, firstDeviceFault, List.of(Chip.ESP8266EX), TasmotaDialect.DEFAULT, stubReadsCompressed);
    }

    /** @param dialect the Tasmota release the flashed devices behave as (log style, version) */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault, TasmotaDialect dialect) {
        this(lineRate, firstDeviceFault, List.of(Chip.ESP8266EX), dialect);
    }

    /**
     * For {@code run --simulate}: devices whose chips are named in {@code chipList}
     * ("esp8266,esp32,esp32c3", taken in turn) behaving as the Tasmota release {@code dialect}.
     *
     * @throws IllegalArgumentException naming an unknown chip, log style or malformed version, or when the list names no chip
     */
    public static VirtualStation forChips(boolean lineRate, String chipList, String tasmotaLogStyle, String tasmotaVersion) {
        TasmotaDialect dialect = TasmotaDialect.of(tasmotaLogStyle, tasmotaVersion);
        List<Chip> chips = java.util.Arrays.stream(chipList.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .map(Chip::parse).toList();
        if (chips.isEmpty()) {
            throw new IllegalArgumentException("--chips names no chip");
        }
        return new VirtualStation(lineRate, null, chips, dialect);
    }

    /** @param chips the chips of the devices, taken in turn (device i is chips[i % n]) */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault, List<Chip> chips, TasmotaDialect dialect) {
        this(lineRate, firstDeviceFault, chips, dialect, true);
    }

    private VirtualStation(boolean lineRate, Fault firstDeviceFault, List<Chip> chips, TasmotaDialect dialect,
                           boolean stubReadsCompressed) {
        if (chips.isEmpty()) {
            throw new IllegalArgumentException("at least one chip");
        }
        this.lineRate = lineRate;
        this.firstDeviceFault = firstDeviceFault;
        this.chips = List.copyOf(chips);
        this.dialect = dialect == null ? TasmotaDialect.DEFAULT : dialect;
        this.stubReadsCompressed = stubReadsCompressed;
    }

    /**
     * The Wi-Fi the devices find instead of one with the station's SSID and password (e.g. another
     * password, to see how the line reports a device that cannot join). Call before {@link #start}.
     */
    public synchronized VirtualStation network(SimulatedNetwork value) {
        this.network = value;
        return this;
    }

    /**
     * Numbers the devices from {@code value} on (their MACs and so their per-device flash content
     * follow the number), e.g. for a second batch of the same model. Call before {@link #start}.
     */
    public synchronized VirtualStation firstDeviceIndex(int value) {
        this.firstIndex = value;
        return this;
    }

    @Override
    public synchronized List<String> start(int count, String wifiSsid, String wifiPassword) throws IOException {
        if (server != null) {
            throw new IllegalStateException("The virtual station is already running");
        }
        SimulatedNetwork network = this.network != null ? this.network : new SimulatedNetwork(wifiSsid, wifiPassword);
        for (int i = 0; i < count; i++) {
            byte[] mac = VirtualDeviceConfig.defaultMac(firstIndex + i);
            String macText = HexFormat.ofDelimiter(":").formatHex(mac);
            ReceivedCommands commands = new ReceivedCommands();
            received.add(commands);
            Chip chip = chips.get(i % chips.size());
            // --line-rate: UART speed and the flash chip's datasheet timing (erase, program, read, MD5).
            VirtualDeviceConfig.Builder config = VirtualDeviceConfig.builder().chip(chip).mac(mac).throttle(lineRate)
                    .flashTiming(lineRate).stubReadsCompressed(stubReadsCompressed)
                    .tasmota(network, dialect, commands);
            if (chip.esp32Family()) {
                config.flashSize(4 << 20); // the Sonoff ESP32 / ESP32-C3 modules carry 4 MB
            }
            config.stockFlash(true); // the factory content of a stock Sonoff: firmware, settings, calibration
            if (i == 0 && firstDeviceFault != null) {
                config.fault(firstDeviceFault);
            }
            devices.add(new VirtualDevice(config.build()));
        }
        server = new SimServer("127.0.0.1", 0, devices); // each device on a free port of its own
        server.start();
        List<String> ports = new ArrayList<>();
        for (String line : server.listeningLines()) {
            ports.add("socket://" + line.substring("LISTENING ".length()));
        }
        return ports;
    }

    @Override
    public byte[] demoFirmware(String spec) {
        // "tasmota32/VERSION" and "tasmota32c3/VERSION": Tasmota32 factory images; a bare VERSION: tasmota.bin
        for (Chip chip : new Chip[] {Chip.ESP32C3, Chip.ESP32}) {
            String prefix = (chip == Chip.ESP32 ? "tasmota32" : "tasmota32c3") + "/";
            if (spec.startsWith(prefix)) {
                return DemoTasmota32Image.factory(chip, spec.substring(prefix.length()), DemoTasmota32Image.DEFAULT_APP_SIZE);
            }
        }
        return DemoFirmwareImage.build(spec, DemoFirmwareImage.DEFAULT_SIZE);
    }

    /** The devices started, in port order (their flash can be read after the run). */
    public synchronized List<VirtualDevice> devices() {
        return List.copyOf(devices);
    }

    /** What the simulated Tasmota of each device was told (console and MQTT, in order), in port order. */
    public synchronized List<ReceivedCommands> receivedCommands() {
        return List.copyOf(received);
    }

    /** The whole factory flash the i-th device starts with (same MAC, same bytes). */
    public static byte[] factoryFlash(int index) {
        return StockFlash.build(VirtualDeviceConfig.builder().build().flashSize(), VirtualDeviceConfig.defaultMac(index));
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
        devices.forEach(VirtualDevice::powerOff);
    }
}

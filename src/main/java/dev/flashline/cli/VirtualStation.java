package dev.flashline.cli;

import dev.flashline.pipeline.DeviceSimulator;
import dev.flashline.pipeline.EmbeddedBroker;
import dev.flashline.sim.Chip;
import dev.flashline.sim.Fault;
import dev.flashline.sim.PlainFirmware;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import dev.flashline.sim.tasmota.TasmotaSelectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Virtual Sonoffs for {@code run --simulate K}: each holds a "stock firmware" (so the backup has
 * something to keep), boots the simulated Tasmota once flashed with the demo image, joins the
 * simulated Wi-Fi (the station's SSID and password), and is served on its own socket:// port.
 */
public final class VirtualStation implements DeviceSimulator {
    private final boolean lineRate;
    private final Fault firstDeviceFault;
    private final List<Chip> chips;
    private final List<VirtualDevice> devices = new ArrayList<>();
    private SimServer server;

    /**
     * @param lineRate         devices talk at real UART speed
     * @param firstDeviceFault how the first device misbehaves (null: it does not)
     */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault) {
        this(lineRate, firstDeviceFault, List.of(Chip.ESP8266EX));
    }

    /**
     * A station whose devices' chips are named in {@code chipList} ("esp8266,esp32,esp32c3"), taken in turn.
     *
     * @throws IllegalArgumentException naming an unknown chip, or when the list names none
     */
    public static VirtualStation forChips(boolean lineRate, String chipList) {
        List<Chip> chips = java.util.Arrays.stream(chipList.split(",")).map(String::trim).filter(c -> !c.isEmpty())
                .map(Chip::parse).toList();
        if (chips.isEmpty()) {
            throw new IllegalArgumentException("no chip named");
        }
        return new VirtualStation(lineRate, null, chips);
    }

    /** @param chips the chips of the devices, taken in turn (device i is chips[i % n]) */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault, List<Chip> chips) {
        if (chips.isEmpty()) {
            throw new IllegalArgumentException("at least one chip");
        }
        this.lineRate = lineRate;
        this.firstDeviceFault = firstDeviceFault;
        this.chips = List.copyOf(chips);
    }

    @Override
    public synchronized List<String> start(int count, String wifiSsid, String wifiPassword) throws IOException {
        if (server != null) {
            throw new IllegalStateException("The virtual station is already running");
        }
        SimulatedNetwork network = new SimulatedNetwork(wifiSsid, wifiPassword);
        for (int i = 0; i < count; i++) {
            byte[] mac = VirtualDeviceConfig.defaultMac(i);
            String macText = HexFormat.ofDelimiter(":").formatHex(mac);
            Chip chip = chips.get(i % chips.size());
            VirtualDeviceConfig.Builder config = VirtualDeviceConfig.builder().chip(chip).mac(mac).throttle(lineRate)
                    .stockFirmware(stockFirmware(i, macText))
                    .firmwareSelector(TasmotaSelectors.forChip(chip, network, macText, new PlainFirmware()));
            if (chip.esp32Family()) {
                config.flashSize(4 << 20); // the Sonoff ESP32 / ESP32-C3 modules carry 4 MB
            }
            if (i == 0 && firstDeviceFault != null) {
                config.fault(firstDeviceFault);
            }
            devices.add(new VirtualDevice(config.build()));
        }
        server = new SimServer("127.0.0.1", EmbeddedBroker.freePort(), devices);
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

    /** Not Tasmota: an image header and vendor-like content, different per device. */
    public static byte[] stockFirmware(int index, String mac) {
        byte[] image = new byte[256 * 1024];
        Random random = new Random(index * 7919L + 17);
        byte[] text = ("ITEAD eWeLink stock firmware 2.7.1 " + mac + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : text[i % text.length];
        }
        image[0] = (byte) 0xE9;
        image[1] = 1;
        return image;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
        devices.forEach(VirtualDevice::powerOff);
    }
}

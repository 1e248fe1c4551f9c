package dev.flashline.cli;

import dev.flashline.pipeline.DeviceSimulator;
import dev.flashline.pipeline.EmbeddedBroker;
import dev.flashline.sim.Fault;
import dev.flashline.sim.PlainFirmware;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.StockFlash;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaFirmwareSelector;
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
    private final boolean stubReadsCompressed;
    private final List<VirtualDevice> devices = new ArrayList<>();
    private SimServer server;

    /**
     * @param lineRate         devices talk at real UART speed
     * @param firstDeviceFault how the first device misbehaves (null: it does not)
     */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault) {
        this(lineRate, firstDeviceFault, true);
    }

    /**
     * @param stubReadsCompressed false: the devices' stub answers READ_FLASH_DEFL as esptool's stub
     *                            does (invalid command), so backups take the plain READ_FLASH route
     */
    public VirtualStation(boolean lineRate, Fault firstDeviceFault, boolean stubReadsCompressed) {
        this.lineRate = lineRate;
        this.firstDeviceFault = firstDeviceFault;
        this.stubReadsCompressed = stubReadsCompressed;
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
            // --line-rate: UART speed and the flash chip's datasheet timing (erase, program, read, MD5).
            VirtualDeviceConfig.Builder config = VirtualDeviceConfig.builder().mac(mac).throttle(lineRate)
                    .flashTiming(lineRate).stockFlash(true).stubReadsCompressed(stubReadsCompressed)
                    .firmwareSelector(new TasmotaFirmwareSelector(network, macText, new PlainFirmware()));
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
        return DemoFirmwareImage.build(spec, DemoFirmwareImage.DEFAULT_SIZE);
    }

    /** The devices started, in port order (their flash can be read after the run). */
    public synchronized List<VirtualDevice> devices() {
        return List.copyOf(devices);
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

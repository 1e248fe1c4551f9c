package dev.flashline.cli;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.sim.Chip;
import dev.flashline.sim.Fault;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import dev.flashline.units.ByteSize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves virtual devices over TCP until killed (see the contract's "Virtual device semantics"). */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Serve virtual ESP8266 / ESP8285 / ESP32 / ESP32-C3 devices in download mode over TCP.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "First device's address; device i listens on PORT+i.")
    String listen;

    @Option(names = "--count", defaultValue = "1", description = "Number of devices. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--chip", defaultValue = "esp8266", description = "esp8266 | esp8285 | esp32 | esp32c3. Default: ${DEFAULT-VALUE}.")
    String chip;

    @Option(names = "--mac", description = "MAC of the first device (the others count up). Default: derived from the index.")
    String mac;

    @Option(names = "--flash-size", description = "Flash size. Default: 1MB (ESP8266 family), 4MB (ESP32 family).")
    String flashSize;

    @Option(names = "--baud", description = "Run the line at real UART speed (bytes/s = baud/10), starting at this rate.")
    Integer baud;

    @Option(names = "--fault", paramLabel = "KIND[:N]", description = "Misbehave: silent, boot-from-flash, wrong-boot-mode, echo, noise, stub-silent, drop-after-bytes:N, corrupt-rx-byte:N, flash-bad-bit:ADDR.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--wifi-ssid", defaultValue = "flashline-sim", description = "Wi-Fi network the simulated Tasmota can join. Default: ${DEFAULT-VALUE}.")
    String wifiSsid;

    @Option(names = "--wifi-password", defaultValue = "${env:FLASHLINE_SIM_WIFI_PASSWORD:-flashline-sim-pass}", description = "Its password (default from FLASHLINE_SIM_WIFI_PASSWORD).")
    String wifiPassword;

    @Option(names = "--tasmota-version", description = "Version the simulated Tasmota reports, e.g. 9.4.0.5 or 14.3.0(tasmota). Default: the flashed image's.")
    String tasmotaVersion;

    @Option(names = "--tasmota-log-style", defaultValue = "demo", description = "Console dialect: demo, 6 (6.x), 9 (9.x) or current (13-15). Default: ${DEFAULT-VALUE}.")
    String tasmotaLogStyle;

    @Override
    public Integer call() {
        Output output = new Output(FlashlineCli.out(), FlashlineCli.err(), false);
        try {
            String[] hp = listen.split(":");
            if (hp.length != 2) {
                throw FlashlineException.badInput("--listen needs HOST:PORT, got '" + listen + "'", "For example --listen 127.0.0.1:5555.");
            }
            int port = tcpPort(hp[1]);
            List<VirtualDevice> devices = devices();
            SimServer server = new SimServer(hp[0], port, devices);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            for (String line : server.listeningLines()) {
                FlashlineCli.out().println(line);
            }
            FlashlineCli.out().flush();
            output.info("Serving " + devices.size() + " virtual " + chip + " device(s); stop with Ctrl-C.");
            new CountDownLatch(1).await();
            return 0;
        } catch (IllegalArgumentException e) {
            output.error(ErrorCode.BAD_OPTION.code(), e.getMessage(), "See flashline simulate --help.");
            return ErrorCode.BAD_OPTION.kind().exitCode();
        } catch (IOException e) {
            output.error(ErrorCode.BAD_OPTION.code(), "Cannot listen on " + listen + ": " + e.getMessage(), "Choose a free port.");
            return ErrorCode.BAD_OPTION.kind().exitCode();
        } catch (InterruptedException e) {
            return 0;
        }
    }

    private List<VirtualDevice> devices() {
        Chip kind = Chip.parse(chip);
        int size = ByteSize.parse(flashSize != null ? flashSize : kind.esp32Family() ? "4MB" : "1MB", "flash size");
        SimulatedNetwork network = new SimulatedNetwork(wifiSsid, wifiPassword);
        TasmotaDialect dialect = TasmotaDialect.of(tasmotaLogStyle, tasmotaVersion);
        List<VirtualDevice> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] address = mac == null ? VirtualDeviceConfig.defaultMac(i) : VirtualDeviceConfig.parseMac(mac);
            if (mac != null) {
                address[5] = (byte) (address[5] + i);
            }
            VirtualDeviceConfig.Builder b = VirtualDeviceConfig.builder().chip(kind).mac(address).flashSize(size)
                    .tasmota(network, dialect);
            if (baud != null) {
                b.throttle(true).initialBaud(baud);
            }
            faults.forEach(f -> b.fault(Fault.parse(f)));
            devices.add(new VirtualDevice(b.build()));
        }
        return devices;
    }

    private static int tcpPort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FlashlineException(ErrorCode.BAD_OPTION, "Bad TCP port '" + text + "' in --listen",
                "Give a port number from 1 to 65535, for example --listen 127.0.0.1:5555.");
    }

    static String macText(byte[] mac) {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }
}

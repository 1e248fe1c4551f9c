package dev.flashline.sim.tasmota;

import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Tasmota as a freshly converted Sonoff runs it, seen through its serial console: the boot log,
 * commands typed on the console (answered with "CMD:" and "RSL:"/"MQT:" lines), Wi-Fi on the
 * {@link SimulatedNetwork}, and a real MQTT connection once a broker is configured. Settings live
 * in the flash sector {@link SettingsStore} names, so they survive restarts and a re-flash of the
 * image that leaves that sector alone.
 */
public final class SimulatedTasmota implements Firmware {
    /** How long the main loop waits for a console line before looking at MQTT commands. */
    private static final long POLL_MILLIS = 25;

    private final SimulatedNetwork network;
    private final String mac;
    private final String version;
    /** What the boot log's HDW line names: the chip model, and its revision on ESP32-family chips. */
    private final String hardware;
    /** Where every command run is noted (survives restarts: one per device). */
    private final ReceivedCommands received;

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version) {
        this(network, mac, version, "ESP8266EX");
    }

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version, String hardware) {
        this(network, mac, version, hardware, new ReceivedCommands());
    }

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version, String hardware, ReceivedCommands received) {
        this.received = Objects.requireNonNull(received, "received");
        this.network = Objects.requireNonNull(network, "network");
        this.mac = mac.toLowerCase(Locale.ROOT);
        this.version = Objects.requireNonNull(version, "version");
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        TasmotaSettings.macSuffix(mac);
    }

    public String version() {
        return version;
    }

    @Override
    public Exit run(VirtualFlash flash, InputStream consoleIn, OutputStream consoleOut) {
        return new Boot(flash, consoleIn, consoleOut).run();
    }

    /** One power-on or restart: lives until the console closes or the device restarts. */
    private final class Boot implements DeviceState {
        private final VirtualFlash flash;
        private final InputStream in;
        private final TasmotaLog log;
        private final String suffix = TasmotaSettings.macSuffix(mac);
        private final BlockingQueue<CommandLine> mqttCommands = new LinkedBlockingQueue<>();
        private TasmotaSettings settings;
        private TasmotaCommands commands;
        private boolean wifiConnected;
        private MqttLink mqtt;
        private boolean serialClaimed;

        Boot(VirtualFlash flash, InputStream in, OutputStream out) {
            this.flash = flash;
            this.in = in;
            this.log = new TasmotaLog(out);
        }

        Exit run() {
            bootLog();
            commands = new TasmotaCommands(settings, this);
            joinWifi();
            if (wifiConnected && !settings.mqttHost.isBlank()) {
                mqtt = new MqttLink(settings, mqttClientId(), version, commands.moduleName(), network, log,
                        (command, payload) -> mqttCommands.add(CommandLine.fromTopic(command, payload)));
                mqtt.start();
            }
            ConsoleLines console = ConsoleLines.of(in);
            try {
                while (true) {
                    String line = console.poll(POLL_MILLIS);
                    if (line == ConsoleLines.END || log.broken()) {
                        return powerLoss();
                    }
                    // With the serial port claimed by the power meter, typed bytes go to its driver, not to commands.
                    if (line != null && !line.isBlank() && !serialClaimed) {
                        log.line("CMD: " + CommandLine.maskedEcho(line));
                        if (handle(CommandLine.parse(line), ReceivedCommands.Source.CONSOLE)) {
                            return restart();
                        }
                    }
                    CommandLine remote;
                    while ((remote = mqttCommands.poll()) != null) {
                        if (handle(remote, ReceivedCommands.Source.MQTT)) {
                            return restart();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return powerLoss();
            }
        }

        private void bootLog() {
            // Tasmota32 prints "HDW: <model and revision> <PSRAM note>", the note empty without PSRAM
            log.at(1, hardware.startsWith("ESP32") ? "HDW: " + hardware + " " : "HDW: " + hardware);
            int sector = SettingsStore.sector(flash.size());
            settings = SettingsStore.load(flash).orElse(null);
            if (settings == null) {
                settings = TasmotaSettings.defaults(mac);
                log.at(48, "CFG: Use defaults");
            } else {
                log.at(48, String.format("CFG: Loaded from flash at %X, Count %d", sector, settings.saveCount));
            }
            settings.bootCount++;
            save();
            log.at(53, "QPC: Count 1");
            if (Modules.takesSerial(settings.module)) {
                // GpioInit starts the CSE7766 driver: 4800 baud and serial log level 0 from here on.
                serialClaimed = true;
                log.mute();
            }
            log.at(61, "Project tasmota - Tasmota Version " + version + "-" + TasmotaCommands.CORE
                    + "(" + TasmotaCommands.BUILD_DATE + ")");
        }

        private void joinWifi() {
            if (settings.ssid1.isEmpty()) {
                log.at(250, "WIF: WifiManager set AccessPoint");
                log.at(260, "HTP: Web server active on " + hostname() + " with IP address 192.168.4.1");
                return;
            }
            String target = network.hasSsid(settings.ssid1)
                    ? "Channel 6 BSSId " + bssid() + " " : "";
            log.at(250, "WIF: Connecting to AP1 " + settings.ssid1 + " " + target + "in mode 11n as " + hostname() + "...");
            if (!network.hasSsid(settings.ssid1)) {
                log.at(2250, "WIF: Connect failed with AP not found");
            } else if (!network.accepts(settings.ssid1, settings.password1)) {
                log.at(2250, "WIF: Connect failed with AP incorrect password");
            } else {
                wifiConnected = true;
                log.at(2250, "WIF: Connected");
                log.at(2500, "HTP: Web server active on " + hostname() + " with IP address " + ipAddress());
            }
        }

        /** Runs a line; true when the device must now restart. */
        private boolean handle(CommandLine line, ReceivedCommands.Source source) {
            if (line.isBacklog()) {
                line.backlogItems().forEach(item -> received.add(source, item));
            } else {
                received.add(source, line);
            }
            TasmotaCommands.Outcome outcome = commands.run(line);
            for (TasmotaCommands.Reply reply : outcome.replies) {
                if (mqtt != null && mqtt.connected()) {
                    String topic = "stat/" + settings.topic + "/" + reply.suffix();
                    mqtt.publish(topic, reply.json(), false);
                    log.line("MQT: " + topic + " = " + reply.json());
                } else {
                    log.line("RSL: " + reply.suffix() + " = " + reply.json());
                }
            }
            if (outcome.settingsChanged && !outcome.restart) {
                save();
            }
            return outcome.restart;
        }

        private Exit restart() {
            save();
            log.line(String.format("CFG: Saved to flash at %X, Count %d, Bytes %d",
                    SettingsStore.sector(flash.size()), settings.saveCount, VirtualFlash.SECTOR_SIZE));
            log.line("APP: Restarting");
            if (mqtt != null) {
                mqtt.restart();
            }
            return Exit.REBOOT;
        }

        private Exit powerLoss() {
            if (mqtt != null) {
                mqtt.powerLoss();
            }
            return Exit.LINK_CLOSED;
        }

        private void save() {
            settings.saveCount++;
            SettingsStore.save(flash, settings);
        }

        private String bssid() {
            return "A0:40:A0:" + suffix.substring(0, 2) + ":5E:01";
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public String mac() {
            return mac;
        }

        /** Tasmota's default host name: tasmota-XXXXXX-NNNN (NNNN = chip id AND 0x1FFF). */
        @Override
        public String hostname() {
            return String.format("tasmota-%s-%04d", suffix, Integer.parseInt(suffix, 16) & 0x1FFF);
        }

        @Override
        public String ipAddress() {
            return "192.168.1." + (100 + Integer.parseInt(suffix.substring(4), 16) % 100);
        }

        @Override
        public long uptimeSeconds() {
            return log.uptimeMillis() / 1000;
        }

        @Override
        public boolean wifiConnected() {
            return wifiConnected;
        }

        @Override
        public String mqttClientId() {
            return "DVES_" + suffix;
        }

        @Override
        public String hardware() {
            return hardware;
        }

        @Override
        public int mqttConnectCount() {
            return mqtt == null ? 0 : mqtt.connectCount();
        }
    }
}

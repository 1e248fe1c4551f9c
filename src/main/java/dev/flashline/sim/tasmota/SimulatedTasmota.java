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
    /** Real Tasmota counts restart_flag 2 down once a second after the Backlog has drained. */
    private static final long RESTART_DELAY_MILLIS = 1000;

    private final String version;
    /** What the boot log's HDW line names: the chip model, and its revision on ESP32-family chips. */
    private final String hardware;
    private final TasmotaDialect dialect;
    private final TasmotaLogStyle style;
    /** Where every command run is noted (survives restarts: one per device). */
    private final ReceivedCommands received;

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version) {
        this(network, mac, version, TasmotaDialect.DEFAULT, "ESP8266EX");
    }

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version, String hardware) {
        this(network, mac, version, TasmotaDialect.DEFAULT, hardware);
    }

    /** @param version the version the flashed image carries; the dialect may report another */
    public SimulatedTasmota(SimulatedNetwork network, String mac, String version, TasmotaDialect dialect) {
        this(network, mac, version, dialect, "ESP8266EX");
    }

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version, TasmotaDialect dialect, String hardware) {
        this(network, mac, version, dialect, hardware, new ReceivedCommands());
    }

    public SimulatedTasmota(SimulatedNetwork network, String mac, String version, TasmotaDialect dialect, String hardware,
                            ReceivedCommands received) {
        this.received = Objects.requireNonNull(received, "received");
        this.network = Objects.requireNonNull(network, "network");
        this.mac = mac.toLowerCase(Locale.ROOT);
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.version = dialect.effectiveVersion(Objects.requireNonNull(version, "version"));
        this.style = dialect.style();
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        TasmotaSettings.macSuffix(mac);
    }

    public TasmotaDialect dialect() {
        return dialect;
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
            this.log = new TasmotaLog(out, style.millis());
        }

        Exit run() {
            bootLog();
            commands = new TasmotaCommands(settings, this, style);
            joinWifi();
            if (wifiConnected) {
                startMqtt();
            }
            ConsoleLines console = ConsoleLines.of(in);
            long wifiRetryAt = System.currentTimeMillis() + network.mqttRetry().toMillis();
            long restartAt = Long.MAX_VALUE;
            try {
                while (true) {
                    String line = console.poll(POLL_MILLIS);
                    if (line == ConsoleLines.END || log.broken()) {
                        return powerLoss();
                    }
                    // With the serial port claimed by the power meter, typed bytes go to its driver, not to commands.
                    if (line != null && !line.isBlank() && !serialClaimed) {
                        // Real releases echo the typed line as it is, secrets included; the demo build masks them.
                        log.line("CMD: " + (style.real() ? line.strip() : CommandLine.maskedEcho(line)));
                        if (handle(CommandLine.parse(line), ReceivedCommands.Source.CONSOLE)) {
                            restartAt = Math.min(restartAt, restartTime());
                        }
                    }
                    CommandLine remote;
                    while ((remote = mqttCommands.poll()) != null) {
                        if (handle(remote, ReceivedCommands.Source.MQTT)) {
                            restartAt = Math.min(restartAt, restartTime());
                        }
                    }
                    long now = System.currentTimeMillis();
                    if (now >= restartAt) {
                        return restart();
                    }
                    if (style.real() && restartAt == Long.MAX_VALUE && !wifiConnected && !settings.ssid1.isEmpty()
                            && now >= wifiRetryAt) {
                        // Tasmota keeps trying the AP; each attempt logs the join and its failure again.
                        joinWifi(false);
                        wifiRetryAt = now + network.mqttRetry().toMillis();
                        if (wifiConnected) {
                            startMqtt();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return powerLoss();
            }
        }

        private void startMqtt() {
            if (settings.mqttHost.isBlank() || mqtt != null) {
                return;
            }
            mqtt = new MqttLink(settings, mqttClientId(), version, commands.moduleName(), network, log,
                    (command, payload) -> mqttCommands.add(CommandLine.fromTopic(command, payload)));
            mqtt.start();
        }

        /** When a restart asked for now happens: at once in the demo build, after the countdown in real ones. */
        private long restartTime() {
            return System.currentTimeMillis() + (style.real() ? RESTART_DELAY_MILLIS : 0);
        }

        private void bootLog() {
            if (style != TasmotaLogStyle.V6) { // no hardware line before 8.x
                // Tasmota32 prints "HDW: <model and revision> <PSRAM note>", the note empty without PSRAM
                log.at(1, hardware.startsWith("ESP32") ? "HDW: " + hardware + " " : "HDW: " + hardware);
            }
            int sector = SettingsStore.sector(flash.size());
            settings = SettingsStore.load(flash).orElse(null);
            if (settings == null) {
                settings = TasmotaSettings.defaults(mac);
                if (style == TasmotaLogStyle.V6) {
                    settings.friendlyName1 = "Sonoff"; // 6.x factory FriendlyName
                }
                log.at(48, "CFG: Use defaults");
            } else {
                log.at(48, String.format("CFG: Loaded from flash at %X, Count %d", sector, settings.saveCount));
            }
            settings.bootCount++;
            save();
            if (style != TasmotaLogStyle.V6) {
                log.at(53, "QPC: Count 1");
            }
            if (Modules.takesSerial(settings.module)) {
                // GpioInit starts the CSE7766 driver: 4800 baud and serial log level 0 from here on.
                serialClaimed = true;
                log.mute();
            }
            log.at(61, style.bootLine(version, settings));
        }

        /** At boot the lines carry plausible boot-time stamps; a later retry is stamped with the real uptime. */
        private void wifiLog(boolean atBoot, long bootMillis, String text) {
            if (atBoot) {
                log.at(bootMillis, text);
            } else {
                log.line(text);
            }
        }

        private void joinWifi() {
            joinWifi(true);
        }

        private void joinWifi(boolean atBoot) {
            if (settings.ssid1.isEmpty()) {
                // No SSID: the Wi-Fi manager opens Tasmota's own AP. The demo build and 6.x say so on the
                // console; 9.x and later log that line at debug level only, leaving the web server line.
                if (style == TasmotaLogStyle.DEMO) {
                    wifiLog(atBoot, 250, "WIF: WifiManager set AccessPoint");
                } else if (style == TasmotaLogStyle.V6) {
                    wifiLog(atBoot, 250, "WIF: WifiManager active for 3 minutes");
                }
                wifiLog(atBoot, 260, "HTP: Web server active on " + hostname() + " with IP address 192.168.4.1");
                return;
            }
            // 6.x does not name channel and BSSId; later releases do when they know the AP from before.
            String target = network.hasSsid(settings.ssid1) && style != TasmotaLogStyle.V6
                    ? "Channel 6 BSSId " + bssid() + " " : "";
            wifiLog(atBoot, 250, "WIF: Connecting to AP1 " + settings.ssid1 + " " + target + "in mode 11n as " + hostname() + "...");
            if (!network.hasSsid(settings.ssid1)) {
                wifiLog(atBoot, 2250, "WIF: " + style.apNotFound());
            } else if (!network.accepts(settings.ssid1, settings.password1)) {
                wifiLog(atBoot, 2250, "WIF: " + style.wrongPassword());
            } else {
                wifiConnected = true;
                wifiLog(atBoot, 2250, "WIF: Connected");
                wifiLog(atBoot, 2500, "HTP: Web server active on " + hostname() + " with IP address " + ipAddress());
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
                    log.line(style.offlineAnswerPrefix(settings.topic, reply.suffix()) + reply.json());
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

        @Override
        public String bssid() {
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

        /** Tasmota's 0-100 signal quality (2 x (dBm + 100)); fixed per device so runs compare. */
        @Override
        public int rssi() {
            return 50 + Integer.parseInt(suffix.substring(4), 16) % 50;
        }

        @Override
        public String ssid() {
            return settings.ssid1;
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

package dev.flashline.cli;

import dev.flashline.pipeline.DeviceSimulator;
import dev.flashline.sim.Chip;
import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A jig with a few ports where virtual Sonoffs come and go, for {@code benchmark --soak}: when the
 * line is done with the device on a port ({@link #deviceDone}), that device is unplugged and, after a
 * short gap, a fresh one (next MAC, stock factory flash) is plugged in, until {@code count} devices
 * have appeared. Devices run unthrottled (no UART or flash timing): the soak is about what the line
 * keeps per device, not about line speed.
 */
final class SoakStation implements DeviceSimulator {
    private final int ports;
    private final long gapMillis;
    private final AtomicInteger issued = new AtomicInteger();
    private final Map<String, Integer> slots = new HashMap<>();
    private final ScheduledExecutorService swaps = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-jig");
        t.setDaemon(true);
        return t;
    });
    private volatile int total;
    private SimulatedNetwork network;
    private SimServer server;

    /** {@code ports} jig ports; {@code gapMillis} between a device leaving a port and the next one appearing. */
    SoakStation(int ports, long gapMillis) {
        if (ports < 1) {
            throw new IllegalArgumentException("at least one port");
        }
        this.ports = ports;
        this.gapMillis = gapMillis;
    }

    @Override
    public synchronized List<String> start(int count, String wifiSsid, String wifiPassword) throws IOException {
        if (server != null) {
            throw new IllegalStateException("The soak jig is already running");
        }
        total = count;
        network = new SimulatedNetwork(wifiSsid, wifiPassword);
        List<VirtualDevice> first = new ArrayList<>();
        for (int i = 0; i < Math.min(ports, count); i++) {
            first.add(nextDevice());
        }
        server = new SimServer("127.0.0.1", 0, first);
        server.start();
        List<String> urls = new ArrayList<>();
        for (String line : server.listeningLines()) {
            String url = "socket://" + line.substring("LISTENING ".length());
            slots.put(url, urls.size());
            urls.add(url);
        }
        return urls;
    }

    /** The line is done with the device on {@code port}: unplug it now, plug the next one in after the gap. */
    void deviceDone(String port) {
        Integer slot;
        SimServer s;
        synchronized (this) {
            slot = slots.get(port);
            s = server;
        }
        if (slot == null || s == null) {
            return;
        }
        swaps.execute(() -> s.plug(slot, null));
        swaps.schedule(() -> {
            if (issued.get() < total) {
                s.plug(slot, nextDevice());
            }
        }, gapMillis, TimeUnit.MILLISECONDS);
    }

    /** Devices plugged in so far. */
    int issued() {
        return issued.get();
    }

    private VirtualDevice nextDevice() {
        int index = issued.getAndIncrement();
        return new VirtualDevice(VirtualDeviceConfig.builder().chip(Chip.ESP8266EX).mac(VirtualDeviceConfig.defaultMac(index))
                .stockFlash(true).tasmota(network, TasmotaDialect.DEFAULT).build());
    }

    @Override
    public byte[] demoFirmware(String spec) {
        return DemoFirmwareImage.build(spec, DemoFirmwareImage.DEFAULT_SIZE);
    }

    @Override
    public synchronized void close() {
        swaps.shutdownNow();
        if (server != null) {
            server.close();
        }
    }
}

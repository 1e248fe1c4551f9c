package dev.flashline.camel;

import dev.flashline.sim.SimServer;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Virtual devices served on socket:// ports (one per device) for the component tests; restartable on the same ports. */
final class VirtualPorts implements AutoCloseable {
    final List<VirtualDevice> devices = new ArrayList<>();
    private final int basePort;
    private SimServer server;

    VirtualPorts(List<VirtualDeviceConfig> configs) throws IOException {
        configs.forEach(c -> devices.add(new VirtualDevice(c)));
        try (ServerSocket s = new ServerSocket(0)) {
            basePort = s.getLocalPort();
        }
        start();
    }

    /** {@code count} healthy devices with distinct MACs. */
    static VirtualPorts of(int count) throws IOException {
        List<VirtualDeviceConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            configs.add(VirtualDeviceConfig.builder().mac(VirtualDeviceConfig.defaultMac(i)).build());
        }
        return new VirtualPorts(configs);
    }

    void start() throws IOException {
        server = new SimServer("127.0.0.1", basePort, devices);
        server.start();
    }

    /** Unplugs every device: the ports refuse connections until {@link #start()}. */
    void stop() {
        server.close();
    }

    List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            urls.add("socket://127.0.0.1:" + (basePort + i));
        }
        return urls;
    }

    int port(int index) {
        return basePort + index;
    }

    @Override
    public void close() {
        server.close();
    }
}

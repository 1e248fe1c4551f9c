package dev.flashline.transport;

import dev.flashline.pipeline.DeviceSimulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Virtual devices reached the way a station reaches real ones: each device's TCP port bridged by
 * socat to a pseudo-terminal (the line opens /dev/pts/N through jSerialComm), and with
 * {@code rfc2217} that PTY served again by Debian's ser2net (the line opens rfc2217://…).
 */
public final class SerialLinkStation implements DeviceSimulator {
    private final DeviceSimulator devices;
    private final boolean rfc2217;
    private final List<SocatPtyBridge> bridges = new ArrayList<>();
    private final List<Ser2netServer> servers = new ArrayList<>();

    public SerialLinkStation(DeviceSimulator devices, boolean rfc2217) {
        this.devices = devices;
        this.rfc2217 = rfc2217;
    }

    @Override
    public synchronized List<String> start(int count, String wifiSsid, String wifiPassword) throws IOException {
        List<String> ports = new ArrayList<>();
        try {
            for (String url : devices.start(count, wifiSsid, wifiPassword)) {
                int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
                SocatPtyBridge bridge = SocatPtyBridge.toTcp(port);
                bridges.add(bridge);
                if (rfc2217) {
                    Ser2netServer server = Ser2netServer.start(bridge.pty());
                    servers.add(server);
                    ports.add(server.url());
                } else {
                    ports.add(bridge.pty());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("Cannot bridge the virtual devices: " + e.getMessage(), e);
        }
        return ports;
    }

    @Override
    public byte[] demoFirmware(String spec) {
        return devices.demoFirmware(spec);
    }

    @Override
    public synchronized void close() {
        for (Ser2netServer s : servers) {
            try {
                s.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SocatPtyBridge b : bridges) {
            try {
                b.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        devices.close();
    }
}

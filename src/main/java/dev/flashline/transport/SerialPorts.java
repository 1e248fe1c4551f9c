package dev.flashline.transport;

import com.fazecast.jSerialComm.SerialPort;

import java.util.ArrayList;
import java.util.List;

/** The serial ports the system offers, for listing them and for noticing a newly plugged adapter. */
public final class SerialPorts {
    private SerialPorts() {
    }

    /**
     * One port.
     *
     * @param path         what to pass as {@code --port} (/dev/ttyUSB0, COM3)
     * @param description  the driver's or device's description, e.g. "CP2102 USB to UART Bridge Controller"
     * @param vendorId     USB vendor id, or null when the port is not a USB device
     * @param productId    USB product id, or null when the port is not a USB device
     * @param serialNumber the USB serial number, or null when there is none
     */
    public record PortInfo(String path, String description, Integer vendorId, Integer productId, String serialNumber) {
        public boolean isUsb() {
            return vendorId != null;
        }

        /** "1a86:7523" for USB ports, "" otherwise. */
        public String usbId() {
            return isUsb() ? String.format("%04x:%04x", vendorId, productId) : "";
        }
    }

    /**
     * The ports jSerialComm enumerates. Pseudo-terminals are left out: jSerialComm never enumerates
     * them by itself, but echoes back any it was asked to open in this process ("User-Specified Port").
     */
    public static List<PortInfo> list() {
        List<PortInfo> ports = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            String path = p.getSystemPortPath();
            if (path == null || path.startsWith("/dev/pts/") || "User-Specified Port".equals(p.getPortDescription())) {
                continue;
            }
            boolean usb = p.getVendorID() >= 0 && p.getProductID() >= 0;
            String serial = p.getSerialNumber();
            ports.add(new PortInfo(path, p.getPortDescription(),
                    usb ? p.getVendorID() : null, usb ? p.getProductID() : null,
                    serial == null || serial.isBlank() || "Unknown".equals(serial) ? null : serial));
        }
        return ports;
    }
}

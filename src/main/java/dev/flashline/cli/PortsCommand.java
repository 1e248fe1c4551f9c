package dev.flashline.cli;

import dev.flashline.transport.DefaultPort;
import dev.flashline.transport.SerialPorts;
import dev.flashline.transport.UsbSerialFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** `ports`: the serial adapters this machine sees, and the one a device command picks without --port. */
@Command(name = "ports", mixinStandardHelpOptions = true, description = "List serial ports: path, USB VID:PID, adapter chip family, description; "
        + "'*' marks the one used when --port is left out (the only USB-serial adapter).")
final class PortsCommand extends LocalCommand {
    @Override
    int execute() {
        List<SerialPorts.PortInfo> ports = SerialPorts.list();
        Optional<SerialPorts.PortInfo> picked = DefaultPort.pick(ports);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SerialPorts.PortInfo p : ports) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("path", p.path());
            row.put("vid", p.isUsb() ? String.format("%04x", p.vendorId()) : null);
            row.put("pid", p.isUsb() ? String.format("%04x", p.productId()) : null);
            row.put("family", p.isUsb() ? UsbSerialFamily.of(p.usbId()) : null);
            row.put("description", p.description());
            row.put("default", picked.map(d -> d.path().equals(p.path())).orElse(false));
            rows.add(row);
        }
        if (json()) {
            output.result(Map.of("ports", rows));
            return 0;
        }
        if (rows.isEmpty()) {
            output.info("No serial ports found. Plug the USB-serial adapter in; on Linux check `dmesg` for ttyUSB/ttyACM "
                    + "and that you may open it (group dialout).");
            return 0;
        }
        String format = "%1s %-16s %-10s %-22s %s%n";
        FlashlineCli.out().printf(format, "", "PATH", "VID:PID", "FAMILY", "DESCRIPTION");
        for (Map<String, Object> r : rows) {
            FlashlineCli.out().printf(format, (Boolean) r.get("default") ? "*" : "", r.get("path"),
                    r.get("vid") == null ? "-" : r.get("vid") + ":" + r.get("pid"),
                    r.get("family") == null ? "-" : r.get("family"), r.get("description"));
        }
        FlashlineCli.out().flush();
        output.info(picked.isPresent() ? "* is used when --port is left out." : "Give --port: it is only optional with exactly one USB-serial adapter.");
        return 0;
    }
}

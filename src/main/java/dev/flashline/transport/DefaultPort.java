package dev.flashline.transport;

import dev.flashline.errors.FlashlineException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The port a device command uses when {@code --port} is left out: the USB-serial adapter, when
 * exactly one is plugged in (as esptool users expect). Built-in UARTs (/dev/ttyS*) do not count.
 */
public final class DefaultPort {
    private DefaultPort() {
    }

    /** The adapter {@code --port} would pick, or empty when there is none or more than one. */
    public static Optional<SerialPorts.PortInfo> pick(List<SerialPorts.PortInfo> ports) {
        List<SerialPorts.PortInfo> usb = ports.stream().filter(SerialPorts.PortInfo::isUsb).toList();
        return usb.size() == 1 ? Optional.of(usb.get(0)) : Optional.empty();
    }

    /** The path to use without {@code --port}; a clear error (pointing at `flashline ports`) otherwise. */
    public static String choose(List<SerialPorts.PortInfo> ports) {
        List<SerialPorts.PortInfo> usb = ports.stream().filter(SerialPorts.PortInfo::isUsb).toList();
        if (usb.isEmpty()) {
            throw FlashlineException.badInput("No --port given and no USB-serial adapter is plugged in to pick instead",
                    "Plug the adapter in (check with `flashline ports`), or give --port (e.g. /dev/ttyUSB0, socket://HOST:PORT).");
        }
        return pick(ports).map(SerialPorts.PortInfo::path).orElseThrow(() -> FlashlineException.badInput(
                "No --port given and " + usb.size() + " USB-serial adapters are plugged in: "
                        + usb.stream().map(SerialPorts.PortInfo::path).collect(Collectors.joining(", ")),
                "Name one with --port (`flashline ports` lists them with their adapter chips)."));
    }
}

package dev.flashline.cli;

import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.loader.ResetStrategy;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every device command shares (see the contract's "Common options"). */
public final class ConnectionOptions {
    @Option(names = "--port", paramLabel = "URL",
            description = "Serial port (/dev/ttyUSB0, COM3), socket://HOST:PORT or rfc2217://HOST:PORT. "
                    + "May be left out when exactly one USB-serial adapter is plugged in (see `flashline ports`).")
    String port;

    @Option(names = "--baud", defaultValue = "115200", paramLabel = "N",
            description = "Baud rate of the session. Where the port sets a rate (serial, rfc2217://) the ROM is synced at it directly"
                    + " (it detects the rate from SYNC), attempts alternating with 115200; over socket:// the link starts at 115200"
                    + " and is switched. Default: ${DEFAULT-VALUE}.")
    int baud;

    @Option(names = "--before", defaultValue = "default-reset", paramLabel = "MODE",
            description = "default-reset | no-reset | wait (keep trying until a device appears in download mode). Default: ${DEFAULT-VALUE}.")
    String before;

    @Option(names = "--after", defaultValue = "soft-reset", paramLabel = "MODE",
            description = "soft-reset (run the firmware) | no-reset (stay in the loader). Default: ${DEFAULT-VALUE}.")
    String after;

    @Option(names = "--stub", paramLabel = "FILE", description = "Flasher stub JSON (esptool's layout) to use instead of the bundled one.")
    Path stub;

    @Option(names = "--no-stub", description = "Use the ROM loader only (no read-flash, no MD5 verify, no baud change).")
    boolean noStub;

    @Option(names = "--wait-timeout", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --before wait: give up after this many seconds (0: wait until stopped).")
    long waitSeconds;

    ConnectOptions toConnectOptions() {
        if (port == null) {
            port = dev.flashline.transport.DefaultPort.choose(dev.flashline.transport.SerialPorts.list());
            FlashlineCli.err().println("Using " + port + " (the only USB-serial adapter; see `flashline ports`)");
        }
        return new ConnectOptions(port, ResetStrategy.parse(before), AfterAction.parse(after), baud, stub, noStub,
                waitSeconds * 1000);
    }
}

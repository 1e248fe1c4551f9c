package dev.flashline.sim;

import dev.flashline.sim.firmware.Firmware;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The default user code: prints one boot line saying what it found in flash, then ignores its
 * console until the link closes.
 */
public final class PlainFirmware implements Firmware {
    private static final int IMAGE_MAGIC = 0xE9;

    /** Where the chip's ROM looks for what it boots: 0x0, or the ESP32's bootloader at 0x1000. */
    private final int bootOffset;

    public PlainFirmware() {
        this(0);
    }

    public PlainFirmware(int bootOffset) {
        this.bootOffset = bootOffset;
    }

    /** The plain firmware for a chip: looks at 0x1000 on the ESP32, at 0x0 on the others. */
    public static PlainFirmware forChip(Chip chip) {
        return new PlainFirmware(chip == Chip.ESP32 ? 0x1000 : 0);
    }

    @Override
    public Exit run(VirtualFlash flash, InputStream consoleIn, OutputStream consoleOut) throws IOException {
        byte[] head = flash.read(bootOffset, 4);
        String line = (head[0] & 0xFF) == IMAGE_MAGIC
                ? String.format("\r\nvirtual device: user code started (image with %d segments)\r\n", head[1] & 0xFF)
                : String.format("\r\nvirtual device: no bootable image at 0x%X\r\n", bootOffset);
        consoleOut.write(line.getBytes(StandardCharsets.US_ASCII));
        consoleOut.flush();
        byte[] sink = new byte[256];
        while (consoleIn.read(sink) >= 0) {
            // a plain firmware does not react to its console
        }
        return Exit.LINK_CLOSED;
    }
}

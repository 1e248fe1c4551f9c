package dev.flashline.cli;

import dev.flashline.units.ByteSize;
import picocli.CommandLine.Option;

/** {@code --offset}: the flash address a command works at, written as sizes are (0x1000, 4K, 4096). */
final class OffsetOption {
    @Option(names = "--offset", defaultValue = "0", paramLabel = "ADDR",
            description = "Flash address (4096, 0x1000, 4K, 1M). Default: ${DEFAULT-VALUE}.")
    String offset;

    int bytes() {
        return ByteSize.parse(offset, "offset");
    }
}

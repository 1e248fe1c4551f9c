package dev.flashline.sim.tasmota;

import dev.flashline.sim.Chip;
import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import dev.flashline.sim.firmware.FirmwareSelector;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Boots the simulated Tasmota32 as an ESP32 / ESP32-C3 would: the ROM needs a valid bootloader
 * image for this chip at 0x1000 / 0x0, the bootloader a partition table at 0x8000, and the first
 * app partition a valid app image for this chip; when that app carries the demo marker, Tasmota32
 * runs. Anything else (erased flash, an ESP8266 image, an image for the other chip, a damaged
 * write) boots the fallback.
 */
public final class Tasmota32FirmwareSelector implements FirmwareSelector {
    private static final int ENTRY_SIZE = 32;

    private final SimulatedNetwork network;
    private final String mac;
    private final Firmware fallback;
    private final Esp32ImageLayout layout;
    private final TasmotaDialect dialect;
    private final ReceivedCommands received;

    public Tasmota32FirmwareSelector(Chip chip, SimulatedNetwork network, String mac, Firmware fallback) {
        this(chip, network, mac, fallback, TasmotaDialect.DEFAULT, new ReceivedCommands());
    }

    /** @param received where the booted Tasmota32 notes every command it runs (as the ESP8266 one does) */
    public Tasmota32FirmwareSelector(Chip chip, SimulatedNetwork network, String mac, Firmware fallback,
                                     TasmotaDialect dialect, ReceivedCommands received) {
        this.layout = Esp32ImageLayout.of(chip);
        this.network = Objects.requireNonNull(network, "network");
        this.mac = Objects.requireNonNull(mac, "mac");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.received = Objects.requireNonNull(received, "received");
        TasmotaSettings.macSuffix(mac);
    }

    @Override
    public Firmware select(VirtualFlash flash) {
        return demoVersion(flash, layout)
                .<Firmware>map(version -> new SimulatedTasmota(network, mac, version, dialect, layout.hardware(), received))
                .orElse(fallback);
    }

    /** The demo version that boots from this flash on this chip, or empty. */
    public static Optional<String> demoVersion(VirtualFlash flash, Esp32ImageLayout layout) {
        byte[] chip = flash.snapshot();
        if (Esp32ImageCheck.validLength(chip, layout.bootloaderOffset(), layout.chipId()).isEmpty()) {
            return Optional.empty();
        }
        OptionalInt app = firstAppPartition(chip);
        if (app.isEmpty()) {
            return Optional.empty();
        }
        int at = app.getAsInt();
        OptionalInt length = Esp32ImageCheck.validLength(chip, at, layout.chipId());
        if (length.isEmpty()) {
            return Optional.empty();
        }
        return DemoFirmwareImage.detectVersion(Arrays.copyOfRange(chip, at, at + length.getAsInt()));
    }

    /** Offset of the first app-type entry of the partition table (magic 0xAA50), if any. */
    static OptionalInt firstAppPartition(byte[] chip) {
        for (int pos = Esp32ImageLayout.PARTITION_TABLE_OFFSET;
                pos + ENTRY_SIZE <= Math.min(chip.length, Esp32ImageLayout.PARTITION_TABLE_OFFSET + 0xC00);
                pos += ENTRY_SIZE) {
            if ((chip[pos] & 0xFF) != 0x50 || (chip[pos + 1] & 0xFF) != 0xAA) {
                break;
            }
            long offset = EspAppImage.u32(chip, pos + 4);
            if (chip[pos + 2] == 0 && offset < chip.length) {
                return OptionalInt.of((int) offset);
            }
        }
        return OptionalInt.empty();
    }
}

package dev.flashline.sim.tasmota;

import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import dev.flashline.sim.firmware.FirmwareSelector;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Boots the simulated Tasmota when flash offset 0 holds a valid ESP8266 image (magic, segment
 * table and checksum right) that carries the demo marker; anything else (erased flash, stock
 * firmware, a damaged write) boots the fallback the virtual device was built with.
 */
public final class TasmotaFirmwareSelector implements FirmwareSelector {
    private final SimulatedNetwork network;
    private final String mac;
    private final Firmware fallback;
    private final TasmotaDialect dialect;
    private final ReceivedCommands received;

    public TasmotaFirmwareSelector(SimulatedNetwork network, String mac, Firmware fallback) {
        this(network, mac, fallback, TasmotaDialect.DEFAULT, new ReceivedCommands());
    }

    /** @param dialect the release the booted Tasmota behaves as (log style, reported version) */
    public TasmotaFirmwareSelector(SimulatedNetwork network, String mac, Firmware fallback, TasmotaDialect dialect) {
        this(network, mac, fallback, dialect, new ReceivedCommands());
    }

    /** @param received where the booted Tasmota notes every command it runs */
    public TasmotaFirmwareSelector(SimulatedNetwork network, String mac, Firmware fallback, ReceivedCommands received) {
        this(network, mac, fallback, TasmotaDialect.DEFAULT, received);
    }

    public TasmotaFirmwareSelector(SimulatedNetwork network, String mac, Firmware fallback, TasmotaDialect dialect,
                                   ReceivedCommands received) {
        this.received = Objects.requireNonNull(received, "received");
        this.network = Objects.requireNonNull(network, "network");
        this.mac = Objects.requireNonNull(mac, "mac");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        TasmotaSettings.macSuffix(mac);
    }

    @Override
    public Firmware select(VirtualFlash flash) {
        return demoVersion(flash)
                .<Firmware>map(version -> new SimulatedTasmota(network, mac, version, dialect, "ESP8266EX", received))
                .orElse(fallback);
    }

    /** The demo version booting from this flash, or empty if the demo image is not (intact) there. */
    public static Optional<String> demoVersion(VirtualFlash flash) {
        byte[] chip = flash.snapshot();
        OptionalInt length = EspAppImage.validLength(chip, 0);
        if (length.isEmpty()) {
            return Optional.empty();
        }
        return DemoFirmwareImage.detectVersion(Arrays.copyOf(chip, length.getAsInt()));
    }
}

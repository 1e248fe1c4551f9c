package dev.flashline.sim.tasmota;

import dev.flashline.sim.Chip;
import dev.flashline.sim.firmware.Firmware;
import dev.flashline.sim.firmware.FirmwareSelector;

/** The simulated-Tasmota boot check that fits a chip: tasmota.bin at 0 or a Tasmota32 layout. */
public final class TasmotaSelectors {
    private TasmotaSelectors() {
    }

    public static FirmwareSelector forChip(Chip chip, SimulatedNetwork network, String mac, Firmware fallback) {
        return chip.esp32Family()
                ? new Tasmota32FirmwareSelector(chip, network, mac, fallback)
                : new TasmotaFirmwareSelector(network, mac, fallback);
    }
}

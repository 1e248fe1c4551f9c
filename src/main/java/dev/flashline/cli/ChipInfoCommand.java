package dev.flashline.cli;

import dev.flashline.flasher.FlashSession;
import dev.flashline.chip.ChipInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "chip-info", mixinStandardHelpOptions = true, description = "Connect, identify the chip, its MAC and flash.")
final class ChipInfoCommand extends DeviceCommand {
    @Override
    int execute() {
        // Identification goes through the ROM: no need to start a stub for it.
        try (FlashSession session = open(connectOptions().withStub(null, true))) {
            ChipInfo chip = session.chip();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("chip", chip.chip());
            result.put("mac", chip.mac());
            result.put("flashJedecId", chip.flashJedecId());
            result.put("flashSize", chip.flashSize());
            result.put("crystalMHz", chip.crystalMhz());
            output.result(result);
            return 0;
        }
    }
}

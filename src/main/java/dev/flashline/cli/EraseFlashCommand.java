package dev.flashline.cli;

import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "erase-flash", mixinStandardHelpOptions = true, description = "Erase the whole flash.")
final class EraseFlashCommand extends DeviceCommand {
    @Override
    int execute() {
        try (FlashSession session = open(connectOptions())) {
            new Flasher(session, new ProgressLine(output.err())).eraseAll();
            output.info("Flash erased (" + session.chip().flashSize() + ").");
            output.result(Map.of("erased", true));
            return 0;
        }
    }
}

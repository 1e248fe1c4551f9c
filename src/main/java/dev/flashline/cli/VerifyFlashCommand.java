package dev.flashline.cli;

import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "verify-flash", mixinStandardHelpOptions = true, description = "Compare flash with a file by MD5 (needs the flasher stub).")
final class VerifyFlashCommand extends DeviceCommand {
    @Mixin
    OffsetOption offset;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    int execute() {
        byte[] bytes = FirmwareFile.read(file);
        int start = offset.bytes();
        try (FlashSession session = open(connectOptions())) {
            // Compare with what write-flash would have written (padding; DOUT header on an ESP8285).
            byte[] expected = ImagePreparation.prepare(bytes, file.toString(), start, session.chip(), "keep", "keep");
            boolean match = new Flasher(session, new ProgressLine(output.err())).matches(expected, start);
            output.info(match ? "Flash matches " + file : "Flash differs from " + file);
            output.result(Map.of("match", match));
            return match ? 0 : 1;
        }
    }
}

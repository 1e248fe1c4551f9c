package dev.flashline.cli;

import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "write-flash", mixinStandardHelpOptions = true, description = "Write a firmware image (compressed through the stub), then verify it by MD5.")
final class WriteFlashCommand extends DeviceCommand {
    @Mixin
    OffsetOption offset;

    @Option(names = "--no-compress", description = "Send the data uncompressed.")
    boolean noCompress;

    @Option(names = "--flash-mode", defaultValue = "keep", description = "keep | qio | qout | dio | dout (ESP8285: always dout).")
    String flashMode;

    @Option(names = "--flash-size", defaultValue = "keep", description = "keep | detect | 512KB | 1MB | 2MB | 4MB ...")
    String flashSize;

    @Option(names = "--erase-all", description = "Erase the whole flash first.")
    boolean eraseAll;

    @Option(names = "--no-verify", description = "Skip the MD5 verification after writing.")
    boolean noVerify;

    @Parameters(index = "0", paramLabel = "FILE", description = "The firmware image or data to write.")
    Path file;

    @Override
    int execute() {
        byte[] bytes = FirmwareFile.read(file);
        int start = offset.bytes();
        try (FlashSession session = open(connectOptions())) {
            byte[] data = ImagePreparation.prepare(bytes, file.toString(), start, session.chip(), flashMode, flashSize);
            WriteOptions options = new WriteOptions(!noCompress, flashMode, flashSize, eraseAll, !noVerify);
            WriteResult result = new Flasher(session, new ProgressLine(output.err())).write(data, start, options);
            if (result.verified()) {
                output.info("Verified: flash MD5 matches (" + result.md5() + ").");
            } else {
                output.info("Not verified: " + result.verifySkippedBecause() + ".");
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("offset", result.offset());
            json.put("size", result.size());
            json.put("sentBytes", result.sentBytes());
            json.put("wireBytes", result.wireBytes());
            json.put("verified", result.verified());
            json.put("md5", result.md5());
            json.put("seconds", Numbers.round3(result.seconds()));
            output.result(json);
            return 0;
        }
    }
}

package dev.flashline.cli;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ReadResult;
import dev.flashline.units.ByteSize;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "read-flash", mixinStandardHelpOptions = true, description = "Back up flash to a file (needs the flasher stub).")
final class ReadFlashCommand extends DeviceCommand {
    @Mixin
    OffsetOption offset;

    @Option(names = "--size", required = true, paramLabel = "N", description = "Bytes to read (4096, 0x1000, 4K, 1MB), or 'all' for the whole chip.")
    String size;

    @Option(names = "--output", required = true, description = "File to create (an existing file is never overwritten).")
    Path outputFile;

    @Override
    int execute() {
        int start = offset.bytes();
        if (Files.exists(outputFile)) {
            throw new FlashlineException(ErrorCode.BAD_FILE, outputFile + " already exists; flashline never overwrites a backup",
                    "Choose another --output name, or move the old file away.");
        }
        try (FlashSession session = open(connectOptions())) {
            int length = "all".equalsIgnoreCase(size) ? session.chip().flashSizeBytes() - start : ByteSize.parse(size, "size");
            Path temp = Files.createTempFile(outputFile.toAbsolutePath().getParent(), ".flashline-read-", ".part");
            ReadResult result;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                result = new Flasher(session, new ProgressLine(output.err())).read(start, length, out);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.move(temp, outputFile, StandardCopyOption.ATOMIC_MOVE);
            output.info("Saved " + length + " bytes to " + outputFile);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("offset", result.offset());
            json.put("size", result.size());
            json.put("sha256", result.sha256());
            json.put("seconds", Numbers.round3(result.seconds()));
            json.put("output", outputFile.toString());
            output.result(json);
            return 0;
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, "Cannot write " + outputFile + ": " + e.getMessage(),
                    Hint.text("Check that the folder exists and is writable."), e);
        }
    }

}

package dev.flashline.cli;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a file the user names, with a clear error when it can't. */
final class FirmwareFile {
    private FirmwareFile() {
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, "No such file: " + file, Hint.text("Check the path to the firmware file."), e);
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, "Cannot read " + file + ": " + e.getMessage(),
                    Hint.text("Check the file's permissions."), e);
        }
    }
}

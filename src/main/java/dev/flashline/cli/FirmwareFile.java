package dev.flashline.cli;

import dev.flashline.errors.FlashlineException;
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
            throw FlashlineException.badInput("No such file: " + file, "Check the path to the firmware file.");
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read " + file + ": " + e.getMessage(), "Check the file's permissions.");
        }
    }
}

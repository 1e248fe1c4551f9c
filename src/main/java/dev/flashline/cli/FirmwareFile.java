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

    /** The largest flash of any chip flashline writes: no image or backup can be larger. */
    static final long MAX_BYTES = 16L << 20;

    static byte[] read(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new FlashlineException(ErrorCode.BAD_FILE, file + ": file is larger than " + (MAX_BYTES >> 20) + " MB ("
                        + Files.size(file) + " bytes), the largest flash of any chip flashline writes; is this the right file?",
                        Hint.text("Check the path to the firmware image or backup. Nothing was written."));
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) {
                throw new FlashlineException(ErrorCode.BAD_FILE, file + ": is empty (0 bytes)",
                        Hint.text("Check the path; a firmware image or backup is never empty. Nothing was written."));
            }
            return bytes;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": no such file", Hint.text("Check the path to the firmware file."), e);
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": cannot be read" + (Files.isDirectory(file) ? " (it is a folder)" : ""),
                    Hint.text("Check the file's permissions."), e);
        }
    }
}

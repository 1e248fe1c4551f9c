package dev.flashline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmarks' scratch folders under the system's temp folder, removed once a run is over. */
final class TempFolders {
    private TempFolders() {
    }

    /** Removes {@code root} and everything in it; a folder that will not go is reported on stderr, not thrown. */
    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("Could not remove the temporary folder " + root + ": " + e.getMessage());
        }
    }
}

package dev.flashline.flasher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A stub JSON in esptool's layout with arbitrary code bytes: the virtual device takes any RAM image
 * started at its entry as the flasher stub, so engine tests don't depend on a real stub build.
 */
public final class TestStubs {
    private TestStubs() {
    }

    public static Path write(Path dir) throws IOException {
        byte[] text = new byte[7000]; // more than one 0x1800 MEM_DATA block
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) (i * 31 + 7);
        }
        byte[] data = {1, 2, 3, 4, 5, 6, 7, 8};
        String json = "{\"entry\": 1074843652, \"text_start\": 1074843648, \"text\": \""
                + Base64.getEncoder().encodeToString(text) + "\", \"data_start\": 1073720488, \"data\": \""
                + Base64.getEncoder().encodeToString(data) + "\"}";
        Path file = dir.resolve("test-stub.json");
        Files.writeString(file, json);
        return file;
    }
}

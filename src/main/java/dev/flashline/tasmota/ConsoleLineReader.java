package dev.flashline.tasmota;

import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Lines from a firmware's serial console (LF-terminated, CR dropped), with a timeout per call. */
final class ConsoleLineReader {
    private final Transport transport;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[1024];
    private int scanned;

    ConsoleLineReader(Transport transport) {
        this(transport, new byte[0]);
    }

    /** @param alreadyReceived console bytes another reader took off the link before this one started */
    ConsoleLineReader(Transport transport, byte[] alreadyReceived) {
        this.transport = transport;
        pending.write(alreadyReceived, 0, alreadyReceived.length);
    }

    /** The next complete line, or null when none arrived before {@code deadlineMillis} (epoch ms). */
    String nextLine(long deadlineMillis) throws IOException {
        while (true) {
            String line = takeLine();
            if (line != null) {
                return line;
            }
            long left = deadlineMillis - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            int n = transport.read(buffer, 0, buffer.length, left);
            if (n > 0) {
                pending.write(buffer, 0, n);
            }
        }
    }

    private String takeLine() {
        byte[] bytes = pending.toByteArray();
        for (int i = scanned; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, 0, i, StandardCharsets.UTF_8).replace("\r", "");
                pending.reset();
                pending.write(bytes, i + 1, bytes.length - i - 1);
                scanned = 0;
                return line;
            }
        }
        scanned = bytes.length;
        return null;
    }
}

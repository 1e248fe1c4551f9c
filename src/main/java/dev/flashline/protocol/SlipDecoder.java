package dev.flashline.protocol;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Turns a byte stream into SLIP packets. Bytes that arrive outside a packet (boot noise, a
 * firmware's console output) are handed to a separate sink so that a diagnosis can look at them.
 */
public final class SlipDecoder {
    private final Consumer<byte[]> packets;
    private final Consumer<Integer> strayBytes;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
    private boolean inPacket;
    private boolean escaped;

    public SlipDecoder(Consumer<byte[]> packets, Consumer<Integer> strayBytes) {
        this.packets = packets;
        this.strayBytes = strayBytes;
    }

    public void feed(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            feed(data[i] & 0xFF);
        }
    }

    public void feed(int b) {
        if (!inPacket) {
            if (b == Slip.END) {
                inPacket = true;
                current.reset();
            } else {
                strayBytes.accept(b);
            }
            return;
        }
        if (escaped) {
            escaped = false;
            if (b == Slip.ESC_END) {
                current.write(Slip.END);
            } else if (b == Slip.ESC_ESC) {
                current.write(Slip.ESC);
            } else {
                // Invalid escape: keep the byte as received, the checksum or length check upstream rejects it.
                current.write(Slip.ESC);
                current.write(b);
            }
            return;
        }
        if (b == Slip.ESC) {
            escaped = true;
        } else if (b == Slip.END) {
            if (current.size() == 0) {
                return; // back-to-back END bytes: the second one opens the next packet
            }
            inPacket = false;
            packets.accept(current.toByteArray());
            current.reset();
        } else {
            current.write(b);
        }
    }

    /** Forgets a half-received packet (after a flush or a baud change). */
    public void reset() {
        inPacket = false;
        escaped = false;
        current.reset();
    }
}

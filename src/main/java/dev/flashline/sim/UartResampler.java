package dev.flashline.sim;

import java.io.ByteArrayOutputStream;

/**
 * What a UART receiver set to one baud rate decodes from 8N1 bytes sent at another: the sender's
 * bit stream is rebuilt in time and sampled the way a receiver does (start-bit edge, mid-bit
 * samples, stop bit). The result is the deterministic garbage a real mismatched link shows.
 */
final class UartResampler {
    private static final int BITS_PER_FRAME = 10;

    private UartResampler() {
    }

    static byte[] resample(byte[] data, int senderBaud, int receiverBaud) {
        if (senderBaud == receiverBaud || data.length == 0) {
            return data;
        }
        double ts = 1.0 / senderBaud;
        double tr = 1.0 / receiverBaud;
        int slots = data.length * BITS_PER_FRAME;
        double end = slots * ts;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double t = 0;
        boolean lineWasHigh = true;
        while (t < end) {
            double edge = nextFallingEdge(data, ts, t, lineWasHigh);
            if (edge < 0) {
                break;
            }
            if (level(data, ts, edge + tr / 2) != 0) {
                t = edge + tr / 2; // glitch, not a start bit
                lineWasHigh = true;
                continue;
            }
            int value = 0;
            for (int i = 0; i < 8; i++) {
                value |= level(data, ts, edge + (1.5 + i) * tr) << i;
            }
            out.write(value);
            double stop = edge + 9.5 * tr;
            lineWasHigh = level(data, ts, stop) == 1;
            t = stop;
        }
        return out.toByteArray();
    }

    /** Time of the next high-to-low transition at or after t, or -1 when the line stays idle. */
    private static double nextFallingEdge(byte[] data, double ts, double t, boolean lineWasHigh) {
        int slots = data.length * BITS_PER_FRAME;
        int slot = (int) Math.floor(t / ts);
        boolean seenHigh = lineWasHigh;
        for (int s = Math.max(slot, 0); s < slots; s++) {
            int lv = slotLevel(data, s);
            if (lv == 1) {
                seenHigh = true;
            } else if (seenHigh) {
                return Math.max(t, s * ts);
            }
        }
        return -1;
    }

    private static int level(byte[] data, double ts, double t) {
        if (t < 0) {
            return 1;
        }
        long slot = (long) Math.floor(t / ts);
        if (slot >= (long) data.length * BITS_PER_FRAME) {
            return 1;
        }
        return slotLevel(data, (int) slot);
    }

    private static int slotLevel(byte[] data, int slot) {
        int bit = slot % BITS_PER_FRAME;
        if (bit == 0) {
            return 0;
        }
        if (bit == 9) {
            return 1;
        }
        return (data[slot / BITS_PER_FRAME] >> (bit - 1)) & 1;
    }
}

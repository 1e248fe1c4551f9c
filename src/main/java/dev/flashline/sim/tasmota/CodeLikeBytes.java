package dev.flashline.sim.tasmota;

import java.util.Random;

/**
 * Filler that deflates like compiled Xtensa code: mostly fresh bytes with a skewed distribution
 * (opcodes and small operands are common), with short runs that repeat recent sequences, as
 * compilers emit the same prologues and call sequences over and over.
 */
public final class CodeLikeBytes {
    /** Chance that the next chunk repeats earlier bytes rather than being new. */
    static final double REPEAT_SHARE = 0.21;
    private static final int WINDOW = 4096;

    private CodeLikeBytes() {
    }

    public static byte[] generate(Random random, int length) {
        byte[] out = new byte[length];
        int pos = 0;
        while (pos < length) {
            if (pos > 64 && random.nextDouble() < REPEAT_SHARE) {
                int run = Math.min(length - pos, 4 + random.nextInt(12));
                int from = pos - 1 - random.nextInt(Math.min(pos - 1, WINDOW));
                for (int i = 0; i < run; i++) {
                    out[pos + i] = out[from + i];
                }
                pos += run;
            } else {
                int run = Math.min(length - pos, 1 + random.nextInt(8));
                for (int i = 0; i < run; i++) {
                    out[pos++] = skewedByte(random);
                }
            }
        }
        return out;
    }

    /** Low values are likelier: roughly the shape of a byte histogram of firmware code. */
    private static byte skewedByte(Random random) {
        double u = random.nextDouble();
        return (byte) (int) (256 * u * u);
    }
}

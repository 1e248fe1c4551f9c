package dev.flashline.catalog;

/**
 * Finds where RISC-V code (the ESP32-C3's) builds a 32-bit constant. Where an Xtensa or ESP8266
 * compiler keeps a constant such as Tasmota's TASMOTA_VERSION as a literal word, a RISC-V compiler
 * writes it into the instructions: LUI rd, upper 20 bits, then ADDI rd', rd, lower 12 bits (the
 * upper part rounded so that the sign-extended lower part adds up). Facts from the RISC-V base
 * ISA: LUI = opcode 0x37, ADDI = opcode 0x13 with funct3 0; both 32-bit (low bits 11), 2-byte
 * aligned when compressed instructions are mixed in.
 */
final class RiscvConstantLoad {
    /** How far after the LUI the ADDI may sit (compilers schedule other instructions in between). */
    private static final int WINDOW_BYTES = 32;

    private RiscvConstantLoad() {
    }

    static boolean present(byte[] code, int value) {
        int upper = (value + 0x800) >>> 12;
        int lower = value - (upper << 12); // -2048 .. 2047
        for (int at = 0; at + 4 <= code.length; at += 2) {
            int word = le32(code, at);
            if ((word & 0x7F) != 0x37 || (word >>> 12) != upper) {
                continue;
            }
            int rd = (word >>> 7) & 0x1F;
            if (rd == 0) {
                continue;
            }
            for (int next = at + 4; next + 4 <= code.length && next <= at + WINDOW_BYTES; next += 2) {
                int addi = le32(code, next);
                if ((addi & 0x707F) == 0x0013 && ((addi >>> 15) & 0x1F) == rd && (addi >> 20) == lower) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int le32(byte[] d, int o) {
        return (d[o] & 0xFF) | (d[o + 1] & 0xFF) << 8 | (d[o + 2] & 0xFF) << 16 | (d[o + 3] & 0xFF) << 24;
    }
}

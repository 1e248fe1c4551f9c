package dev.flashline.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds request packets and the little-endian parameter blocks the loader commands take. */
public final class Packets {
    /** Seed of the loader's data checksum: XOR of all data bytes, starting from 0xEF. */
    public static final int CHECKSUM_SEED = 0xEF;

    private Packets() {
    }

    /** Request: direction 0x00, opcode, u16 data length, u32 checksum, data. */
    public static byte[] request(int op, byte[] data, int checksum) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x00).put((byte) op).putShort((short) data.length).putInt(checksum).put(data);
        return b.array();
    }

    public static int checksum(byte[] data, int offset, int length) {
        int c = CHECKSUM_SEED;
        for (int i = offset; i < offset + length; i++) {
            c ^= data[i] & 0xFF;
        }
        return c;
    }

    /** Parameter words, little-endian, as every command's fixed part is laid out. */
    public static byte[] words(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    /** A data command (FLASH_DATA, MEM_DATA, FLASH_DEFL_DATA): size, sequence, 0, 0, then the block. */
    public static byte[] dataBlock(byte[] block, int offset, int length, int sequence) {
        ByteBuffer b = ByteBuffer.allocate(16 + length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(length).putInt(sequence).putInt(0).putInt(0).put(block, offset, length);
        return b.array();
    }

    public static int u32(byte[] data, int offset) {
        return (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8
                | (data[offset + 2] & 0xFF) << 16 | (data[offset + 3] & 0xFF) << 24;
    }
}

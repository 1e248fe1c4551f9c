package dev.flashline.sim;

import java.util.Arrays;

/** A decoded command packet: 0x00, op, u16 size, u32 checksum, data. */
record Request(int op, int declaredSize, long checksum, byte[] data) {

    /** Null when the frame is not a request (too short, or not starting with 0x00). */
    static Request parse(byte[] frame) {
        if (frame.length < 8 || frame[0] != 0x00) {
            return null;
        }
        return new Request(frame[1] & 0xFF, Opcodes.u16(frame, 2), Opcodes.u32(frame, 4),
                Arrays.copyOfRange(frame, 8, frame.length));
    }

    boolean sizeMatches() {
        return declaredSize == data.length;
    }

    long word(int index) {
        return data.length >= index * 4 + 4 ? Opcodes.u32(data, index * 4) : 0;
    }

    static byte[] response(int op, long value, byte[] body, byte[] status) {
        byte[] out = new byte[8 + body.length + status.length];
        out[0] = 0x01;
        out[1] = (byte) op;
        int size = body.length + status.length;
        out[2] = (byte) size;
        out[3] = (byte) (size >> 8);
        Opcodes.putU32(out, 4, value);
        System.arraycopy(body, 0, out, 8, body.length);
        System.arraycopy(status, 0, out, 8 + body.length, status.length);
        return out;
    }
}

package dev.flashline.protocol;

import java.io.ByteArrayOutputStream;

/**
 * SLIP framing (RFC 1055 as the ESP loaders use it): every packet starts and ends with 0xC0;
 * 0xC0 inside is sent as 0xDB 0xDC and 0xDB as 0xDB 0xDD.
 */
public final class Slip {
    public static final int END = 0xC0;
    public static final int ESC = 0xDB;
    public static final int ESC_END = 0xDC;
    public static final int ESC_ESC = 0xDD;

    private Slip() {
    }

    public static byte[] encode(byte[] payload) {
        return encode(payload, 0, payload.length);
    }

    public static byte[] encode(byte[] payload, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + length / 64 + 4);
        out.write(END);
        for (int i = offset; i < offset + length; i++) {
            int b = payload[i] & 0xFF;
            if (b == END) {
                out.write(ESC);
                out.write(ESC_END);
            } else if (b == ESC) {
                out.write(ESC);
                out.write(ESC_ESC);
            } else {
                out.write(b);
            }
        }
        out.write(END);
        return out.toByteArray();
    }
}

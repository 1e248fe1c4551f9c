package dev.flashline.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * A loader response: direction 0x01, opcode, u16 length, u32 value (READ_REG's result), then the
 * body, whose last bytes are the status (0 = success) and the error code. The ESP8266 ROM and every
 * flasher stub use 2 status bytes; the ESP32-family ROMs use 4.
 */
public record Response(int op, int value, byte[] payload, int status, int error) {

    public static Optional<Response> parse(byte[] frame, int statusLength) {
        if (frame.length < 8 || frame[0] != 0x01) {
            return Optional.empty();
        }
        int length = (frame[2] & 0xFF) | (frame[3] & 0xFF) << 8;
        if (frame.length < 8 + length || length < statusLength) {
            return Optional.empty();
        }
        int bodyEnd = 8 + length - statusLength;
        return Optional.of(new Response(frame[1] & 0xFF, Packets.u32(frame, 4),
                Arrays.copyOfRange(frame, 8, bodyEnd), frame[bodyEnd] & 0xFF, frame[bodyEnd + 1] & 0xFF));
    }

    public boolean ok() {
        return status == 0;
    }

    /**
     * The failure code: the ROM answers [1, code]; flasher stubs (esptool's and ours) answer
     * [code, 0] with the code itself in the status byte.
     */
    public int errorCode() {
        return status == 1 ? error : status;
    }
}

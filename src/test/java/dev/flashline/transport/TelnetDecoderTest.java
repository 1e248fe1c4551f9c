package dev.flashline.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.flashline.transport.TransportAssertions.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TelnetDecoderTest {
    private final List<String> events = new ArrayList<>();
    private final TelnetDecoder decoder = new TelnetDecoder(new TelnetDecoder.Listener() {
        @Override
        public void negotiation(int command, int option) {
            events.add("neg " + command + " " + option);
        }

        @Override
        public void subnegotiation(int option, byte[] payload) {
            events.add("sb " + option + " " + Arrays.toString(payload));
        }
    });

    private byte[] decode(byte[] in) {
        byte[] out = new byte[in.length];
        int n = decoder.decode(in, 0, in.length, out);
        return Arrays.copyOf(out, n);
    }

    @Test
    void stripsCommandsAndUndoublesIac() {
        byte[] data = decode(bytes(
                0x41, 0xFF, 0xFD, 0x2C,                         // DO COM-PORT-OPTION
                0xFF, 0xFF, 0x42,                               // data 0xFF, 'B'
                0xFF, 0xFA, 0x2C, 0x65, 0x00, 0x01, 0xC2, 0x00, 0xFF, 0xF0, // baud ack 115200
                0xFF, 0xF1,                                     // NOP
                0x43));
        assertArrayEquals(bytes(0x41, 0xFF, 0x42, 0x43), data);
        assertEquals(List.of("neg 253 44", "sb 44 [101, 0, 1, -62, 0]"), events);
    }

    @Test
    void commandsMaySpanReads() {
        byte[] a = decode(bytes(0x01, 0xFF));
        byte[] b = decode(bytes(0xFA, 0x2C, 0x65, 0x00, 0x00, 0xFF));
        byte[] c = decode(bytes(0xFF, 0xFF, 0xFF, 0xFF));
        byte[] d = decode(bytes(0xF0, 0xFF));
        byte[] e = decode(bytes(0xFF, 0x02));
        assertArrayEquals(bytes(0x01), a);
        assertEquals(0, b.length + c.length + d.length);
        assertArrayEquals(bytes(0xFF, 0x02), e);
        assertEquals(List.of("sb 44 [101, 0, 0, -1, -1]"), events);
    }

    @Test
    void escapeDoublesOnlyIac() {
        assertArrayEquals(bytes(0x00, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF), TelnetDecoder.escape(bytes(0x00, 0xFF, 0xFE, 0xFF), 0, 4));
    }
}

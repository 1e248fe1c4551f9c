package dev.flashline.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlipTest {
    @Test
    void escapesEndAndEscBytes() {
        byte[] encoded = Slip.encode(new byte[] {0x01, (byte) 0xC0, 0x02, (byte) 0xDB});
        assertArrayEquals(new byte[] {(byte) 0xC0, 0x01, (byte) 0xDB, (byte) 0xDC, 0x02, (byte) 0xDB, (byte) 0xDD, (byte) 0xC0},
                encoded);
    }

    @Test
    void decodesPacketsAndKeepsStrayBytesApart() {
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        SlipDecoder decoder = new SlipDecoder(packets::add, stray::write);
        byte[] payload = {(byte) 0xC0, (byte) 0xDB, 0x00, 0x7F};
        byte[] noise = "ets Jan  8 2013".getBytes();
        decoder.feed(noise, 0, noise.length);
        byte[] frame = Slip.encode(payload);
        // Split across two feeds, as reads from a serial port are.
        decoder.feed(frame, 0, 3);
        decoder.feed(frame, 3, frame.length - 3);
        assertEquals(1, packets.size());
        assertArrayEquals(payload, packets.get(0));
        assertArrayEquals(noise, stray.toByteArray());
    }

    @Test
    void backToBackFramesAreTwoPackets() {
        List<byte[]> packets = new ArrayList<>();
        SlipDecoder decoder = new SlipDecoder(packets::add, b -> { });
        byte[] a = Slip.encode(new byte[] {1});
        byte[] b = Slip.encode(new byte[] {2, 3});
        decoder.feed(a, 0, a.length);
        decoder.feed(b, 0, b.length);
        assertEquals(2, packets.size());
        assertArrayEquals(new byte[] {2, 3}, packets.get(1));
    }
}

package dev.flashline.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacketsTest {
    @Test
    void requestHeaderIsDirectionOpLengthChecksum() {
        byte[] req = Packets.request(Opcode.FLASH_DATA, new byte[] {9, 8, 7}, 0x1234);
        assertArrayEquals(new byte[] {0x00, 0x03, 3, 0, 0x34, 0x12, 0, 0, 9, 8, 7}, req);
    }

    @Test
    void checksumIsXorSeededWithEf() {
        assertEquals(0xEF, Packets.checksum(new byte[0], 0, 0));
        assertEquals(0xEF ^ 0x01 ^ 0xFF, Packets.checksum(new byte[] {0x01, (byte) 0xFF}, 0, 2));
    }

    @Test
    void parsesRomResponseWithTwoStatusBytes() {
        byte[] frame = {0x01, 0x0A, 2, 0, 0x01, (byte) 0xC1, (byte) 0xF0, (byte) 0xFF, 0, 0};
        Response r = Response.parse(frame, 2).orElseThrow();
        assertEquals(Opcode.READ_REG, r.op());
        assertEquals(0xFFF0C101, r.value());
        assertTrue(r.ok());
    }

    @Test
    void parsesFailureStatus() {
        byte[] frame = {0x01, 0x03, 2, 0, 0, 0, 0, 0, 1, 0x07};
        Response r = Response.parse(frame, 2).orElseThrow();
        assertEquals(1, r.status());
        assertEquals(0x07, r.errorCode());
    }

    @Test
    void stubFailureCarriesTheCodeInTheStatusByte() {
        byte[] frame = {0x01, 0x11, 2, 0, 0, 0, 0, 0, (byte) 0xC7, 0};
        Response r = Response.parse(frame, 2).orElseThrow();
        assertTrue(!r.ok());
        assertEquals(0xC7, r.errorCode());
    }

    @Test
    void rejectsRequestsAndShortFrames() {
        assertTrue(Response.parse(Packets.request(Opcode.SYNC, new byte[4], 0), 2).isEmpty());
        assertTrue(Response.parse(new byte[] {1, 8, 2}, 2).isEmpty());
    }
}

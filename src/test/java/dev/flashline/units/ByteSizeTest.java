package dev.flashline.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void acceptsWhatUsersType() {
        assertEquals(4096, ByteSize.parse("4096", "size"));
        assertEquals(4096, ByteSize.parse("0x1000", "offset"));
        assertEquals(0x100000, ByteSize.parse("0X100000", "offset"));
        assertEquals(4096, ByteSize.parse("4K", "size"));
        assertEquals(4096, ByteSize.parse("4kb", "size"));
        assertEquals(512 << 10, ByteSize.parse("512KB", "size"));
        assertEquals(1 << 20, ByteSize.parse("1M", "size"));
        assertEquals(1 << 20, ByteSize.parse("1MB", "size"));
        assertEquals(2 << 20, ByteSize.parse(" 2 mb ", "size"));
        assertEquals(0, ByteSize.parse("0", "offset"));
    }

    @Test
    void refusesTheRestSayingHowToWriteIt() {
        for (String bad : new String[] {"", "1GB", "-1", "abc", "0x", "4 K B", "1.5MB", "4096M", "99999999999999999999"}) {
            FlashlineException e = assertThrows(FlashlineException.class, () -> ByteSize.parse(bad, "size"), bad);
            assertEquals(ErrorCode.BAD_SIZE, e.code());
            assertEquals(2, e.kind().exitCode());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.hint().contains("0x1000") && e.hint().contains("1MB"), e.hint());
        }
        assertTrue(ByteSize.tryParse(null).isEmpty());
    }

    @Test
    void formatsAsChipInfoShowsSizes() {
        assertEquals("1MB", ByteSize.format(1 << 20));
        assertEquals("512KB", ByteSize.format(512 << 10));
        assertEquals("1536KB", ByteSize.format(1536 << 10));
        assertEquals("100 bytes", ByteSize.format(100));
    }
}

package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool of old flash: in order, on disk, counted, and gone once the backup is stored. */
class SpooledBackupsTest {
    private static final String MAC = "18:fe:34:aa:bb:cc";

    @TempDir
    Path data;

    @Test
    void blocksKeptInOrderAreOnDiskWithTheirCount() throws Exception {
        SpooledBackups spool = new SpooledBackups(data);
        byte[] flash = new byte[0x30000];
        for (int i = 0; i < flash.length; i++) {
            flash[i] = (byte) (i * 13);
        }
        spool.keep(MAC, 0, flash, 0, 0x10000);
        spool.keep(MAC, 0x10000, flash, 0x10000, 0x10000);
        SpooledBackups.Kept kept = spool.find(MAC).orElseThrow();
        assertEquals(0x20000, kept.bytes());
        assertArrayEquals(Arrays.copyOf(flash, 0x20000), Files.readAllBytes(kept.file()));
        assertTrue(kept.file().startsWith(data.resolve("spool")), "beside the backups, not among them");
        assertTrue(spool.find("18:fe:34:00:00:01").isEmpty());
    }

    @Test
    void aGapIsRefusedAndNothingIsCountedForIt() {
        SpooledBackups spool = new SpooledBackups(data);
        byte[] block = new byte[0x10000];
        assertThrows(IllegalStateException.class, () -> spool.keep(MAC, 0x10000, block, 0, block.length));
        assertTrue(spool.find(MAC).isEmpty());
    }

    @Test
    void discardRemovesTheSpool() {
        SpooledBackups spool = new SpooledBackups(data);
        spool.keep(MAC, 0, new byte[0x10000], 0, 0x10000);
        spool.discard(MAC);
        assertFalse(spool.find(MAC).isPresent());
        assertFalse(Files.exists(data.resolve("spool/18fe34aabbcc.bin")));
    }
}

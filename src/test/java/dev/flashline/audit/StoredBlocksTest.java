package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.digest.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredBlocksTest {
    @TempDir
    Path data;

    private static byte[] flash(long seed) {
        byte[] bytes = new byte[4 * StoredBlocks.BLOCK];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] block(byte[] flash, int index) {
        return Arrays.copyOfRange(flash, index * StoredBlocks.BLOCK, (index + 1) * StoredBlocks.BLOCK);
    }

    @Test
    void findsTheBlocksOfStoredBackupsByMd5() {
        BackupStore store = new BackupStore(data);
        StoredBlocks blocks = new StoredBlocks(store);
        assertFalse(blocks.hasAny(), "no backup stored yet");
        byte[] flash = flash(1);
        store.save("18:fe:34:00:00:01", flash);
        assertTrue(blocks.hasAny());
        byte[] third = block(flash, 2);
        assertArrayEquals(third, blocks.find(Digests.md5().digest(third), StoredBlocks.BLOCK));
        byte[] unknown = block(flash(2), 0);
        assertNull(blocks.find(Digests.md5().digest(unknown), StoredBlocks.BLOCK));
    }

    @Test
    void aBackupChangedOnDiskIsNotTrusted() throws Exception {
        BackupStore store = new BackupStore(data);
        StoredBlocks blocks = new StoredBlocks(store);
        byte[] flash = flash(3);
        BackupRef ref = store.save("18:fe:34:00:00:02", flash);
        assertTrue(blocks.hasAny());
        Path file = data.resolve(ref.path());
        byte[] edited = flash.clone();
        edited[StoredBlocks.BLOCK + 5] ^= 0x40;
        Files.write(file, edited);
        assertNull(blocks.find(Digests.md5().digest(block(flash, 1)), StoredBlocks.BLOCK), "the stored bytes no longer have that MD5");
        assertArrayEquals(block(flash, 0), blocks.find(Digests.md5().digest(block(flash, 0)), StoredBlocks.BLOCK));
    }
}

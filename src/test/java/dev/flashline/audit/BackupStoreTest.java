package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    @Test
    void savesUnderARelativePathWithTheFilesSha256() throws Exception {
        byte[] flash = flash(1);
        BackupRef ref = new BackupStore(dataDir, CLOCK).save("AA:BB:CC:DD:EE:0F", flash);
        String sha = sha(flash);
        assertEquals("backups/aabbccddee0f-20261124T101530Z-" + sha.substring(0, 8) + ".bin", ref.path());
        assertEquals(sha, ref.sha256());
        assertEquals(flash.length, ref.size());
        Path file = dataDir.resolve(ref.path());
        assertArrayEquals(flash, Files.readAllBytes(file));
        assertEquals(sha, sha(Files.readAllBytes(file)));
        assertEquals(List.of(file.getFileName().toString()), names(), "no temp file left");
    }

    @Test
    void neverOverwritesAnExistingBackup() throws Exception {
        BackupStore store = new BackupStore(dataDir, CLOCK);
        byte[] flash = flash(2);
        BackupRef a = store.save("aa-bb-cc-dd-ee-ff", flash);
        BackupRef b = store.save("aabbccddeeff", new ByteArrayInputStream(flash));
        BackupRef c = store.save("aa:bb:cc:dd:ee:ff", flash);
        assertNotEquals(a.path(), b.path());
        assertNotEquals(b.path(), c.path());
        assertTrue(b.path().endsWith("-1.bin"), b.path());
        assertTrue(c.path().endsWith("-2.bin"), c.path());
        for (BackupRef r : List.of(a, b, c)) {
            assertArrayEquals(flash, Files.readAllBytes(dataDir.resolve(r.path())));
        }
        // A file already holding the next name (written by someone else) is left alone.
        Path foreign = dataDir.resolve(a.path().replace(".bin", "-3.bin"));
        Files.write(foreign, new byte[] {9});
        BackupRef d = store.save("aa:bb:cc:dd:ee:ff", flash);
        assertTrue(d.path().endsWith("-4.bin"), d.path());
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(foreign));
    }

    @Test
    void findsAnIdenticalBackupOfTheSameDeviceOnly() throws Exception {
        BackupStore store = new BackupStore(dataDir, CLOCK);
        byte[] flash = flash(3);
        BackupRef saved = store.save("aa:bb:cc:dd:ee:ff", flash);
        assertEquals(saved, store.findSame("AA-BB-CC-DD-EE-FF", saved.sha256()).orElseThrow());
        assertTrue(store.findSame("11:22:33:44:55:66", saved.sha256()).isEmpty(), "other device");
        assertTrue(store.findSame("aa:bb:cc:dd:ee:ff", sha(flash(4))).isEmpty(), "other content");
        // A damaged file with the right name does not count as a backup.
        Files.write(dataDir.resolve(saved.path()), new byte[] {0});
        assertTrue(store.findSame("aa:bb:cc:dd:ee:ff", saved.sha256()).isEmpty());
        assertTrue(new BackupStore(dataDir.resolve("empty")).findSame("aa:bb:cc:dd:ee:ff", saved.sha256()).isEmpty());
    }

    @Test
    void rejectsABadMac() {
        FlashlineException e = assertThrows(FlashlineException.class, () -> new BackupStore(dataDir).save("aa:bb", new byte[1]));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> s = Files.list(dataDir.resolve("backups"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] flash(int seed) {
        byte[] b = new byte[1 << 20];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * seed + (i >> 12));
        }
        return b;
    }

    private static String sha(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

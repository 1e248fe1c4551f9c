package dev.flashline.audit;

import dev.flashline.digest.Digests;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 64 KB blocks of the station's stored backups, found by their MD5. Devices of one model and
 * batch carry the same stock firmware, so after the first backup most of the next device's flash
 * is already on disk. Backups are whole-flash reads from address 0, so block k of a file is the
 * flash at k × 64 KB. A block is hashed again whenever it is handed out: a file changed since it
 * was indexed is dropped, never trusted.
 */
public final class StoredBlocks {
    public static final int BLOCK = 0x10000;
    private static final Logger LOG = LoggerFactory.getLogger(StoredBlocks.class);

    private final Path backupDir;
    private final Map<String, Location> blocks = new ConcurrentHashMap<>();
    private final Set<Path> indexed = ConcurrentHashMap.newKeySet();

    private record Location(Path file, long offset) {
    }

    public StoredBlocks(BackupStore store) {
        this.backupDir = store.directory();
    }

    /** True when some stored backup has been indexed (new backups are picked up here). */
    public boolean hasAny() {
        refresh();
        return !blocks.isEmpty();
    }

    /** The bytes of a stored {@link #BLOCK}-sized block with this MD5, checked again on reading; else null. */
    public byte[] find(byte[] md5, int length) {
        if (length != BLOCK) {
            return null;
        }
        String key = HexFormat.of().formatHex(md5);
        Location at = blocks.get(key);
        if (at == null) {
            return null;
        }
        byte[] bytes = new byte[length];
        try (RandomAccessFile file = new RandomAccessFile(at.file().toFile(), "r")) {
            file.seek(at.offset());
            file.readFully(bytes);
        } catch (IOException e) {
            blocks.remove(key, at);
            return null;
        }
        if (!MessageDigest.isEqual(Digests.md5().digest(bytes), md5)) {
            blocks.remove(key, at);
            LOG.warn("{} changed since it was stored; its blocks are no longer used", at.file().getFileName());
            return null;
        }
        return bytes;
    }

    /** Indexes the backup files not seen yet. */
    private synchronized void refresh() {
        if (!Files.isDirectory(backupDir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(backupDir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".bin") && !indexed.contains(f)).sorted().toList();
        } catch (IOException e) {
            return; // nothing indexed: the read simply takes every block from the device
        }
        for (Path file : files) {
            index(file);
            indexed.add(file);
        }
    }

    private void index(Path file) {
        byte[] block = new byte[BLOCK];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            for (long offset = 0; offset + BLOCK <= length; offset += BLOCK) {
                in.readFully(block);
                blocks.putIfAbsent(HexFormat.of().formatHex(Digests.md5().digest(block)), new Location(file, offset));
            }
        } catch (IOException e) {
            LOG.debug("cannot index {}: {}", file.getFileName(), e.getMessage());
        }
    }
}

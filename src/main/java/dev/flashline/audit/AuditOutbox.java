package dev.flashline.audit;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Audit records waiting to be published on the broker ({@code <dataDir>/audit/outbox/}), one file
 * each, named so that they sort in the order they were made. A record is put here when it is
 * written to the audit log and removed only after the broker took it, so a broker that is down or
 * restarting delays the publication but loses nothing; a kill between publishing and removing
 * publishes it once more (at least once, with the record id to tell duplicates apart).
 */
public final class AuditOutbox {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path dir;

    public AuditOutbox(Path dataDir) {
        this.dir = dataDir.resolve("audit").resolve("outbox").toAbsolutePath().normalize();
    }

    /** One record waiting: its file name (to remove it later) and its JSON text. */
    public record Pending(String name, String json) {
    }

    /** Keeps a record (already masked JSON) until {@link #delivered} is called for it. */
    public void put(String recordId, String json) {
        String name = String.format("%016d-%06d-%s.json", System.currentTimeMillis(), SEQUENCE.incrementAndGet() % 1_000_000,
                recordId.replaceAll("[^A-Za-z0-9-]", "_"));
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + name + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer data = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(name));
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot keep the audit record for publishing in " + dir + ": " + e.getMessage(),
                    "Check that the data directory is writable and the disk is not full.");
        }
    }

    /** Records not yet published, oldest first (at most {@code limit}). */
    public List<Pending> pending(int limit) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Pending> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().limit(limit).toList()) {
                try {
                    out.add(new Pending(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
                } catch (NoSuchFileException gone) {
                    // delivered meanwhile by another drain
                }
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read the audit outbox " + dir + ": " + e.getMessage(),
                    "Check that the data directory is readable.");
        }
        return out;
    }

    /** The broker took the record: it is not published again. */
    public void delivered(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot remove " + name + " from the audit outbox " + dir + ": " + e.getMessage(),
                    "Check permissions on the data directory; the record may be published twice.");
        }
    }

    public Path directory() {
        return dir;
    }
}

package dev.flashline.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the line is doing with each device right now, on disk beside the audit log
 * ({@code <dataDir>/audit/journal/<run id>.json}), so that a line killed mid-batch can say at its
 * next start which devices it left half-done, and at which step. Each entry is replaced atomically
 * (temp file, forced, renamed over the old one); it is removed once the device's audit record is on
 * disk. A kill at any moment leaves either the old entry, the new one, or a temp file nobody reads.
 */
public final class RunJournal {
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunJournal(Path dataDir) {
        this.dir = dataDir.resolve("audit").resolve("journal").toAbsolutePath().normalize();
    }

    /** The facts a device run has gathered so far: enough for an honest "failed" record. */
    public record Entry(String id, String port, String startedAt, String step, String chip, String mac,
                        String flashJedecId, String flashSize, BackupRef backup, List<AuditRecord.Step> steps) {
        public Entry {
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    /** Writes (or replaces) the entry of one run; on disk when this returns. */
    public void record(Entry entry) {
        try {
            Files.createDirectories(dir);
            Path temp = dir.resolve("." + entry.id() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer data = ByteBuffer.wrap(json.writeValueAsBytes(entry));
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                channel.force(true);
            }
            Path file = dir.resolve(entry.id() + SUFFIX);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot write the run journal in " + dir + ": " + e.getMessage(),
                    "Check that the data directory is writable and the disk is not full.");
        }
    }

    /** The run is over and its audit record is on disk: forget it. */
    public void done(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + SUFFIX));
        } catch (IOException e) {
            // A leftover entry would be reported as interrupted at the next start: say so now instead.
            throw FlashlineException.badInput("Cannot remove the journal entry " + id + " in " + dir + ": " + e.getMessage(),
                    "Check permissions on the data directory.");
        }
    }

    /** Entries left by a line that stopped without finishing them; unreadable ones are reported as such. */
    public List<Entry> leftovers() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    Files.deleteIfExists(file); // a replacement that never finished: the entry before it stands
                } else if (name.endsWith(SUFFIX)) {
                    entries.add(read(file, name.substring(0, name.length() - SUFFIX.length())));
                }
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read the run journal in " + dir + ": " + e.getMessage(),
                    "Check that the data directory is readable.");
        }
        return entries;
    }

    private Entry read(Path file, String id) {
        try {
            return json.readValue(file.toFile(), Entry.class);
        } catch (IOException e) {
            // Written atomically, so this is damage from outside; still a device that was mid-run.
            return new Entry(id, null, null, "unknown", null, null, null, null, null, List.of());
        }
    }

    /**
     * Turns every leftover entry into a {@code failed} audit record ("interrupted" at its step),
     * appended and forced before the entry is removed, so a kill during recovery loses nothing either.
     */
    public List<AuditRecord> recover(AuditLog log, String station) {
        List<AuditRecord> records = new ArrayList<>();
        for (Entry e : leftovers()) {
            AuditRecord.Builder b = AuditRecord.builder().id(e.id()).startedAt(parse(e.startedAt()))
                    .finishedAt(Instant.now()).station(station).port(e.port())
                    .failed(e.step(), "interrupted: the line stopped (killed, crashed or powered off) while this device was at step '"
                                    + e.step() + "'",
                            "Its flash may hold anything: put the device back in download mode on a watched port;"
                                    + " it is provisioned again from the start (its first backup is kept).")
                    .chip(e.chip()).mac(e.mac()).flashJedecId(e.flashJedecId()).flashSize(e.flashSize()).backup(e.backup());
            e.steps().forEach(s -> b.step(s.name(), s.ok(), s.ms()));
            AuditRecord record = b.build();
            log.append(record);
            done(e.id());
            records.add(record);
        }
        return records;
    }

    private static Instant parse(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public Path directory() {
        return dir;
    }
}

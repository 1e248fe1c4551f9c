package dev.flashline.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The audit trail: {@code <dataDir>/audit/audit-YYYY-MM-DD.jsonl} (UTC date of writing), one JSON
 * object per line, one line per device run. Files are only ever appended to; each append is on disk
 * ({@code force}) before {@link #append} returns, so a record that was reported is never lost.
 */
public final class AuditLog {
    /** One writer per audit folder in this JVM; a file lock keeps other processes out too. */
    private static final Map<Path, ReentrantLock> WRITERS = new ConcurrentHashMap<>();

    private final Path auditDir;
    private final SecretMasker masker;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public AuditLog(Path dataDir) {
        this(dataDir, SecretMasker.none());
    }

    public AuditLog(Path dataDir, SecretMasker masker) {
        this(dataDir, masker, Clock.systemUTC());
    }

    public AuditLog(Path dataDir, SecretMasker masker, Clock clock) {
        this.auditDir = dataDir.resolve("audit").toAbsolutePath().normalize();
        this.masker = masker;
        this.clock = clock;
    }

    public Path directory() {
        return auditDir;
    }

    /** Masks secrets, then appends the record as one line and forces it to disk. Thread-safe. */
    public void append(AuditRecord record) {
        byte[] line = line(record);
        ReentrantLock lock = WRITERS.computeIfAbsent(auditDir, k -> new ReentrantLock());
        lock.lock();
        try {
            Files.createDirectories(auditDir);
            Path file = auditDir.resolve("audit-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".jsonl");
            boolean created = Files.notExists(file);
            byte[] data = needsNewline(file) ? prefixNewline(line) : line;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock ignored = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (created) {
                syncDirectory(auditDir);
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot write the audit log in " + auditDir + ": " + e.getMessage(),
                    "Check that the data directory is writable and the disk is not full.");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends a line cut by a power loss mid-write (the file does not end in a newline) by appending a
     * newline, never by rewriting what is there, so the next record starts on a line of its own.
     * Returns one message per repaired file, naming the file and the cut line's length.
     */
    public List<String> repairTornTail() {
        List<String> repaired = new ArrayList<>();
        ReentrantLock lock = WRITERS.computeIfAbsent(auditDir, k -> new ReentrantLock());
        lock.lock();
        try {
            for (Path file : files()) {
                if (!needsNewline(file)) {
                    continue;
                }
                long cut = Files.size(file) - lastNewline(file) - 1;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                     FileLock ignored = channel.lock()) {
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                    channel.force(true);
                }
                repaired.add(file.getFileName() + ": the last line (" + cut + " bytes) was cut off by a crash or power loss;"
                        + " it is kept as it was and skipped when records are read");
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot repair the audit log in " + auditDir + ": " + e.getMessage(),
                    "Check that the data directory is writable.");
        } finally {
            lock.unlock();
        }
        return repaired;
    }

    private static long lastNewline(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            for (long pos = raf.length() - 1; pos >= 0; pos--) {
                raf.seek(pos);
                if (raf.read() == '\n') {
                    return pos;
                }
            }
            return -1;
        }
    }

    /** Every record in every audit file, oldest file first. */
    public List<AuditRecord> readAll() {
        List<AuditRecord> records = new ArrayList<>();
        for (JsonNode node : readAllJson()) {
            records.add(json.convertValue(node, AuditRecord.class));
        }
        return records;
    }

    /**
     * The records finished at or after {@code since}, oldest first, reading only the daily files from
     * that day on (a station's older days are not loaded); lines that are no JSON record (a torn
     * tail) are skipped.
     */
    public List<JsonNode> readJsonFinishedSince(Instant since) {
        String firstFile = "audit-" + LocalDate.ofInstant(since, ZoneOffset.UTC) + ".jsonl";
        List<JsonNode> nodes = new ArrayList<>();
        for (Path file : files()) {
            if (file.getFileName().toString().compareTo(firstFile) < 0) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode node = parseOrNull(line);
                    if (node != null && !finishedBefore(node, since)) {
                        nodes.add(node);
                    }
                }
            } catch (IOException e) {
                throw FlashlineException.badInput("Cannot read audit file " + file + ": " + e.getMessage(),
                        "Check that the data directory is readable.");
            }
        }
        return nodes;
    }

    private JsonNode parseOrNull(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean finishedBefore(JsonNode record, Instant since) {
        try {
            return Instant.parse(record.path("finishedAt").asText()).isBefore(since);
        } catch (java.time.format.DateTimeParseException e) {
            return true; // no time of its own: not this batch's
        }
    }

    /** Every line as parsed JSON, oldest file first. */
    public List<JsonNode> readAllJson() {
        List<JsonNode> nodes = new ArrayList<>();
        for (Path file : files()) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        nodes.add(json.readTree(line));
                    }
                }
            } catch (IOException e) {
                throw FlashlineException.badInput("Cannot read audit file " + file + ": " + e.getMessage(),
                        "The file may have been edited by hand; every line must be one JSON object.");
            }
        }
        return nodes;
    }

    /** The audit files, oldest first (their names sort by date). */
    public List<Path> files() {
        if (!Files.isDirectory(auditDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(auditDir)) {
            return s.filter(p -> p.getFileName().toString().matches("audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl")).sorted().toList();
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot list " + auditDir + ": " + e.getMessage(), "Check permissions.");
        }
    }

    private byte[] line(AuditRecord record) {
        JsonNode tree = masker.mask(json.valueToTree(record));
        try {
            return (json.writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("an audit record always serialises", e);
        }
    }

    /** After a crash mid-write the last line may be cut: start on a fresh line so ours stays valid. */
    private static boolean needsNewline(Path file) throws IOException {
        if (Files.notExists(file) || Files.size(file) == 0) {
            return false;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    private static byte[] prefixNewline(byte[] line) {
        byte[] out = new byte[line.length + 1];
        out[0] = '\n';
        System.arraycopy(line, 0, out, 1, line.length);
        return out;
    }

    static void syncDirectory(Path dir) {
        // Makes a new file's directory entry durable; not every platform can open a directory.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The file's own data is already forced; this only narrows a crash window further.
        }
    }
}

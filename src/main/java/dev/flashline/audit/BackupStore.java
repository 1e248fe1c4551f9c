package dev.flashline.audit;

import dev.flashline.digest.Digests;

import dev.flashline.errors.FlashlineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Flash backups under {@code <dataDir>/backups/}, one file per backup, named
 * {@code <mac without colons>-<UTC yyyyMMdd'T'HHmmss'Z'>-<first 8 hex of sha256>.bin}. A backup is
 * written to a temp file, forced to disk, then linked into place under a name nobody holds yet, so
 * an existing backup is never overwritten and a half-written one never carries a backup's name.
 */
public final class BackupStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dataDir;
    private final Path backupDir;
    private final Clock clock;

    public BackupStore(Path dataDir) {
        this(dataDir, Clock.systemUTC());
    }

    public BackupStore(Path dataDir, Clock clock) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.backupDir = this.dataDir.resolve("backups");
        this.clock = clock;
    }

    public BackupRef save(String mac, byte[] flash) {
        return save(mac, new ByteArrayInputStream(flash));
    }

    public BackupRef save(String mac, InputStream flash) {
        String device = compactMac(mac);
        Path temp = null;
        try {
            Files.createDirectories(backupDir);
            temp = Files.createTempFile(backupDir, ".incoming-", ".part");
            MessageDigest md = Digests.sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = flash.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    md.update(buf, 0, n);
                    size += n;
                }
                out.flush();
                channel.force(true);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            String base = device + "-" + STAMP.format(clock.instant()) + "-" + sha.substring(0, 8);
            Path target = place(temp, base);
            temp = null;
            AuditLog.syncDirectory(backupDir);
            return new BackupRef(relative(target), sha, size);
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot store the flash backup of " + mac + " in " + backupDir + ": "
                    + e.getMessage(), "Check that the data directory is writable and the disk is not full.");
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // A leftover .part file is never taken for a backup.
                }
            }
        }
    }

    /**
     * A stored backup of this MAC whose content has this sha256, if any. Candidates are found by
     * name (MAC and hash prefix) and then hashed, so a damaged or edited file never counts.
     */
    public Optional<BackupRef> findSame(String mac, String sha256) {
        String device = compactMac(mac);
        String sha = sha256.toLowerCase(Locale.ROOT);
        if (!Files.isDirectory(backupDir) || sha.length() < 8) {
            return Optional.empty();
        }
        String prefix = device + "-";
        String hashPart = "-" + sha.substring(0, 8);
        try (Stream<Path> files = Files.list(backupDir)) {
            for (Path candidate : files.sorted().toList()) {
                String name = candidate.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".bin") && name.contains(hashPart)
                        && Files.isRegularFile(candidate) && Digests.sha256Hex(candidate).equals(sha)) {
                    return Optional.of(new BackupRef(relative(candidate), sha, Files.size(candidate)));
                }
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read backups in " + backupDir + ": " + e.getMessage(),
                    "Check that the data directory is readable.");
        }
        return Optional.empty();
    }

    public Path directory() {
        return backupDir;
    }

    /**
     * Deletes the temp files of backups that never finished (a line killed while reading a flash);
     * they never carried a backup's name. Returns how many were removed.
     */
    public int removeIncomplete() {
        if (!Files.isDirectory(backupDir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(backupDir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".incoming-") && name.endsWith(".part") && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot clean up unfinished backups in " + backupDir + ": " + e.getMessage(),
                    "Check permissions on the data directory.");
        }
        return removed;
    }

    /** Puts the finished temp file under the first free name: base.bin, base-1.bin, base-2.bin... */
    private Path place(Path temp, String base) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path target = backupDir.resolve(attempt == 0 ? base + ".bin" : base + "-" + attempt + ".bin");
            try {
                // A hard link fails if the name exists, unlike a rename, which would replace it.
                Files.createLink(target, temp);
                Files.delete(temp);
                return target;
            } catch (FileAlreadyExistsException taken) {
                // Same device, second and content: take the next suffix.
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
                // File systems without hard links: reserve the name, then move the data over our reservation.
                try {
                    Files.createFile(target);
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            }
        }
    }

    private String relative(Path file) {
        return dataDir.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static String compactMac(String mac) {
        String hex = mac == null ? "" : mac.trim().toLowerCase(Locale.ROOT).replaceAll("[:\\-.]", "");
        if (!hex.matches("[0-9a-f]{12}")) {
            throw FlashlineException.badInput("Not a MAC address: '" + mac + "'", "Write it as aa:bb:cc:dd:ee:ff.");
        }
        return hex;
    }


}

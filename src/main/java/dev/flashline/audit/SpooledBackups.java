package dev.flashline.audit;

import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The old flash of devices whose new image is being written behind their backup, under
 * {@code <dataDir>/spool/} (beside {@code backups/}, which holds only whole backups): {@code <mac>.bin} holds the flash from offset 0 as far as
 * {@code <mac>.kept} says (a decimal byte count, replaced atomically once the bytes before it are
 * forced to disk). The device erases a block only after that, so whatever it lost is here. A spool
 * is discarded once the whole backup is stored; one left behind (a station killed mid-write) is the
 * operator's copy of what the device no longer has.
 */
public final class SpooledBackups {
    private final Path dir;

    public SpooledBackups(Path dataDir) {
        this.dir = dataDir.toAbsolutePath().normalize().resolve("spool");
    }

    /** Stores [offset, offset + length) of this device's old flash; returns once it is on disk. */
    public void keep(String mac, int offset, byte[] data, int from, int length) {
        String device = BackupStore.compactMac(mac);
        Path bin = dir.resolve(device + ".bin");
        try {
            Files.createDirectories(dir);
            long kept = kept(device);
            if (offset > kept) {
                throw new IllegalStateException("spool blocks must arrive in order: 0x" + Long.toHexString(offset)
                        + " after 0x" + Long.toHexString(kept));
            }
            try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data, from, length);
                long at = offset;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
                ch.force(false);
            }
            Path temp = dir.resolve(device + ".kept.tmp");
            Files.writeString(temp, Long.toString((long) offset + length), StandardCharsets.US_ASCII);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            Files.move(temp, dir.resolve(device + ".kept"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot keep the old flash of " + mac + " in " + bin + ": " + e.getMessage(),
                    "Free disk space or fix the data folder's permissions; nothing more was erased on the device.");
        }
    }

    /** The spool file of a device and how many bytes from its start are kept, if any is left. */
    public Optional<Kept> find(String mac) {
        String device = BackupStore.compactMac(mac);
        try {
            long kept = kept(device);
            return kept > 0 ? Optional.of(new Kept(dir.resolve(device + ".bin"), kept)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public record Kept(Path file, long bytes) {
    }

    /** The bytes an earlier run kept for this device, or null when there is no spool. */
    public byte[] earlier(String mac) {
        Optional<Kept> kept = find(mac);
        if (kept.isEmpty()) {
            return null;
        }
        try {
            byte[] all = Files.readAllBytes(kept.get().file());
            if (all.length < kept.get().bytes()) {
                throw FlashlineException.badInput("The spool " + kept.get().file() + " holds " + all.length + " bytes, its count says "
                        + kept.get().bytes(), "Keep that file: it holds the device's old flash. Move it aside to run the device.");
            }
            return java.util.Arrays.copyOf(all, (int) kept.get().bytes());
        } catch (IOException e) {
            throw FlashlineException.badInput("Cannot read the spool " + kept.get().file() + ": " + e.getMessage(),
                    "Keep that file: it holds the device's old flash. Fix the data folder's permissions.");
        }
    }

    /** Every spool left behind (a device whose run stopped while its firmware was going behind its backup). */
    public java.util.List<Kept> leftovers() {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".kept"))
                    .map(n -> n.substring(0, n.length() - ".kept".length())).sorted()
                    .flatMap(device -> {
                        try {
                            long kept = kept(device);
                            return kept > 0 ? java.util.stream.Stream.of(new Kept(dir.resolve(device + ".bin"), kept))
                                    : java.util.stream.Stream.empty();
                        } catch (IOException e) {
                            return java.util.stream.Stream.of(new Kept(dir.resolve(device + ".bin"), -1));
                        }
                    }).toList();
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    public Path directory() {
        return dir;
    }

    /** Removes a device's spool once its whole backup is stored. */
    public void discard(String mac) {
        String device = BackupStore.compactMac(mac);
        try {
            Files.deleteIfExists(dir.resolve(device + ".kept"));
            Files.deleteIfExists(dir.resolve(device + ".bin"));
        } catch (IOException e) {
            // a spool left behind holds nothing the stored backup lacks
        }
    }

    private long kept(String device) throws IOException {
        Path kept = dir.resolve(device + ".kept");
        if (!Files.exists(kept)) {
            return 0;
        }
        String text = Files.readString(kept, StandardCharsets.US_ASCII).trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(kept + " holds \"" + text + "\", not a byte count", e);
        }
    }
}

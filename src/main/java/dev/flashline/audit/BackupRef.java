package dev.flashline.audit;

/**
 * A stored flash backup, as the audit record's {@code backup} field: {@code path} is relative to the
 * data directory (forward slashes), {@code sha256} is the hash of that file.
 */
public record BackupRef(String path, String sha256, long size) {
}

package dev.flashline.flasher;

/** Progress of long work, for a progress bar or a per-device status line. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (phase, done, total) -> { };

    /** {@code done} of {@code total} bytes of {@code phase} ("erase", "write", "read", "verify"). */
    void update(String phase, long done, long total);
}

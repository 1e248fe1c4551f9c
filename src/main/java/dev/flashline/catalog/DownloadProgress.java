package dev.flashline.catalog;

/** Told how far a firmware download has come; {@code total} is -1 when the server does not say. */
@FunctionalInterface
public interface DownloadProgress {
    DownloadProgress NONE = (name, done, total) -> { };

    void update(String firmwareName, long bytesDone, long total);
}

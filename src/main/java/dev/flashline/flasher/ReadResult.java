package dev.flashline.flasher;

/**
 * What a read did: the region, the sha256 of the bytes saved, the time it took, and the data
 * bytes that crossed the line (less than size when the stub sent it compressed).
 */
public record ReadResult(int offset, int size, String sha256, double seconds, long transferredBytes) {
    public ReadResult(int offset, int size, String sha256, double seconds) {
        this(offset, size, sha256, seconds, size);
    }

    public boolean compressed() {
        return transferredBytes < size;
    }
}

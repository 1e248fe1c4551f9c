package dev.flashline.flasher;

/** What a read did: the region, the sha256 of the bytes saved, and the time it took. */
public record ReadResult(int offset, int size, String sha256, double seconds) {
}

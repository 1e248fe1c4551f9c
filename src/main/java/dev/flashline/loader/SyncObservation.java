package dev.flashline.loader;

/**
 * What a connection attempt saw on the line, kept so that a failure can be explained:
 * whether anything arrived, whether our own frames came back, and the bytes outside packets.
 */
public record SyncObservation(boolean synced, boolean echoSeen, long bytesReceived, byte[] strayBytes,
                              int statusLength, boolean stubRunning) {
}

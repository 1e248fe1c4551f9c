package dev.flashline.flasher;

/**
 * What a write did: {@code size} bytes of flash written (after padding), {@code sentBytes} of data
 * sent (compressed when the stub inflates), {@code wireBytes} on the line including framing,
 * and whether the flash MD5 was checked ({@code verified}) — with the reason when it could not be.
 */
public record WriteResult(int offset, int size, long sentBytes, long wireBytes, boolean verified,
                          String verifySkippedBecause, String md5, double seconds) {
}

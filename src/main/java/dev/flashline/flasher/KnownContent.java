package dev.flashline.flasher;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Flash content the host already holds, found by the MD5 the device reports for a region: the
 * stock firmware of a batch of the same model is the same on every device, so a station that
 * backed up one device need not carry those bytes over the line again. What a lookup returns is
 * only a candidate — the read checks the assembled range against the device's own MD5.
 */
@FunctionalInterface
public interface KnownContent {
    /** Nothing known: every byte is read from the device. */
    KnownContent NONE = (md5, length) -> null;
    /** The unit content is known in: 64 KB, a flash block. */
    int BLOCK = 0x10000;

    /** Bytes of {@code length} whose MD5 is {@code md5}, or null when none are known. */
    byte[] find(byte[] md5, int length);

    /** The 64 KB blocks (at 64 KB boundaries) of whole-flash images held in memory, e.g. an earlier backup. */
    static KnownContent blocksOf(byte[]... images) {
        Map<String, byte[]> blocks = new HashMap<>();
        for (byte[] image : images) {
            for (int at = 0; at + BLOCK <= image.length; at += BLOCK) {
                byte[] block = Arrays.copyOfRange(image, at, at + BLOCK);
                blocks.putIfAbsent(HexFormat.of().formatHex(Flasher.md5(block)), block);
            }
        }
        return (md5, length) -> length == BLOCK ? blocks.get(HexFormat.of().formatHex(md5)) : null;
    }

    /** False when asking is pointless (nothing stored yet): the read then costs no MD5 round trips. */
    default boolean worthAsking(int length) {
        return this != NONE;
    }
}

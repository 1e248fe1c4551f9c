package dev.flashline.sim.tasmota;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Writes ESP32-family images in the layout {@link Esp32ImageCheck} reads: header with the
 * extended part (WP pin disabled = 0xEE, chip id, revision range, SHA-256 appended), segments,
 * zero padding up to the checksum byte that ends a 16-byte block, then the SHA-256 of it all.
 */
public final class Esp32ImageBuilder {
    /** DIO, what the ESP32 Sonoffs boot and Tasmota32 ships with. */
    static final int FLASH_MODE_DIO = 2;
    /** High nibble 2 = 4 MB, low nibble 0 = 40 MHz (ESP32-family encoding). */
    static final int SIZE_FREQ_4MB_40MHZ = 0x20;
    private static final int WP_PIN_DISABLED = 0xEE;

    private Esp32ImageBuilder() {
    }

    /**
     * @param chipId the extended header's chip id (ESP32 = 0, ESP32-C3 = 5)
     * @param loads  each segment's load address
     */
    public static byte[] build(int chipId, int maxRevFull, long entry, long[] loads, byte[][] segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[Esp32ImageCheck.HEADER_SIZE];
        header[0] = (byte) 0xE9;
        header[1] = (byte) segments.length;
        header[2] = FLASH_MODE_DIO;
        header[3] = SIZE_FREQ_4MB_40MHZ;
        EspAppImage.putU32(header, 4, entry);
        header[8] = (byte) WP_PIN_DISABLED;
        header[12] = (byte) chipId;
        header[13] = (byte) (chipId >> 8);
        header[17] = (byte) maxRevFull;
        header[18] = (byte) (maxRevFull >> 8);
        header[23] = 1; // SHA-256 appended
        out.writeBytes(header);
        int checksum = EspAppImage.CHECKSUM_SEED;
        for (int s = 0; s < segments.length; s++) {
            byte[] h = new byte[8];
            EspAppImage.putU32(h, 0, loads[s]);
            EspAppImage.putU32(h, 4, segments[s].length);
            out.writeBytes(h);
            out.writeBytes(segments[s]);
            for (byte b : segments[s]) {
                checksum ^= b & 0xFF;
            }
        }
        while (out.size() % 16 != 15) {
            out.write(0);
        }
        out.write(checksum);
        byte[] body = out.toByteArray();
        out.writeBytes(sha256(body));
        return out.toByteArray();
    }

    /** Bytes the header, segment headers, padding, checksum and digest add around the segment data. */
    static int overhead(int segmentCount, int dataLength) {
        int beforePad = Esp32ImageCheck.HEADER_SIZE + 8 * segmentCount + dataLength;
        int checksumAt = beforePad | 15;
        return checksumAt + 1 + 32 - dataLength;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

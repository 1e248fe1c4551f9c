package dev.flashline.image;

import dev.flashline.errors.FlashlineException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * ESP-IDF's binary partition table (at flash offset 0x8000): 32-byte entries (magic 0xAA50
 * little-endian, type, subtype, u32 offset, u32 size, 16-byte label, u32 flags), optionally
 * closed by an MD5 entry (0xEBEB, 14 x 0xFF, MD5 of the entries before it), then 0xFF.
 */
public record PartitionTable(List<Partition> partitions) {
    public static final int OFFSET = 0x8000;
    public static final int MAX_LENGTH = 0xC00;
    public static final int TYPE_APP = 0x00;
    public static final int TYPE_DATA = 0x01;
    private static final int ENTRY = 32;

    public record Partition(String label, int type, int subtype, int offset, int size) {
    }

    /** True when {@code data} holds the table's first entry magic at {@code at}. */
    public static boolean present(byte[] data, int at) {
        return at + ENTRY <= data.length && (data[at] & 0xFF) == 0x50 && (data[at + 1] & 0xFF) == 0xAA;
    }

    public static PartitionTable parse(byte[] data, int at, String name) {
        List<Partition> parts = new ArrayList<>();
        int pos = at;
        int end = Math.min(data.length, at + MAX_LENGTH);
        while (pos + ENTRY <= end) {
            int m0 = data[pos] & 0xFF;
            int m1 = data[pos + 1] & 0xFF;
            if (m0 == 0x50 && m1 == 0xAA) {
                int labelEnd = pos + 12;
                while (labelEnd < pos + 28 && data[labelEnd] != 0) {
                    labelEnd++;
                }
                parts.add(new Partition(new String(data, pos + 12, labelEnd - pos - 12, StandardCharsets.US_ASCII),
                        data[pos + 2] & 0xFF, data[pos + 3] & 0xFF, Esp8266Image.le32(data, pos + 4),
                        Esp8266Image.le32(data, pos + 8)));
                pos += ENTRY;
            } else if (m0 == 0xEB && m1 == 0xEB) {
                if (!Arrays.equals(md5(data, at, pos - at), 0, 16, data, pos + 16, pos + 32)) {
                    throw FlashlineException.badInput(String.format("%s: the partition table at 0x%X fails its MD5 check", name, at),
                            "The file is damaged: download it again and check its sha256.");
                }
                break;
            } else {
                break;
            }
        }
        if (parts.isEmpty()) {
            throw FlashlineException.badInput(String.format("%s has no partition table at 0x%X", name, at),
                    "A factory image carries one at 0x8000; use the factory build or the app-only .bin.");
        }
        return new PartitionTable(List.copyOf(parts));
    }

    /** The app partition the bootloader starts with no OTA data: factory, else the first OTA slot. */
    public Optional<Partition> bootApp() {
        return partitions.stream().filter(p -> p.type() == TYPE_APP && p.subtype() == 0x00).findFirst()
                .or(() -> partitions.stream().filter(p -> p.type() == TYPE_APP).findFirst());
    }

    private static byte[] md5(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

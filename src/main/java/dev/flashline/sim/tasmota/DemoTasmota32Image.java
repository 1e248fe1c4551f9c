package dev.flashline.sim.tasmota;

import dev.flashline.sim.Chip;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * The project's demo Tasmota32 deliverables for the ESP32 and ESP32-C3, as Tasmota ships them:
 * the app-only image (written at 0x10000 on a device already partitioned) and the factory image
 * (bootloader at 0x1000 / 0x0, partition table at 0x8000, app at 0x10000, written at 0). The app
 * carries ESP-IDF's application descriptor and the {@link DemoFirmwareImage#MARKER demo marker}
 * with its version, which {@link Tasmota32FirmwareSelector} recognises. Same arguments, same bytes.
 */
public final class DemoTasmota32Image {
    public static final String DEFAULT_VERSION = "14.3.0(demo)";
    /** About the size of tasmota32.bin (1.5 MB). */
    public static final int DEFAULT_APP_SIZE = 1536 * 1024;
    public static final int MIN_APP_SIZE = 64 * 1024;
    /** ESP-IDF's esp_app_desc_t starts with this word, first thing in the app's first (DROM) segment. */
    static final long APP_DESC_MAGIC = 0xABCD5432L;
    static final int PARTITION_TABLE_LENGTH = 0xC00;

    private DemoTasmota32Image() {
    }

    /** The app-only image (tasmota32.bin / tasmota32c3.bin), {@code size} bytes, a multiple of 16. */
    public static byte[] app(Chip chip, String version, int size) {
        Esp32ImageLayout layout = Esp32ImageLayout.of(chip);
        if (size < MIN_APP_SIZE || size % 16 != 0) {
            throw new IllegalArgumentException("demo app size must be a multiple of 16 and at least " + MIN_APP_SIZE);
        }
        if (version == null || version.isEmpty() || version.length() > 31 || !version.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("version must be 1-31 printable ASCII characters");
        }
        boolean esp32 = chip == Chip.ESP32;
        Random random = new Random(0x54617332L ^ version.hashCode() ^ size ^ layout.chipId());
        byte[] rodata = rodata(random, version, size / 16 & ~3);
        byte[] data = CodeLikeBytes.generate(random, 0x2000);
        byte[] iram = CodeLikeBytes.generate(random, size / 20 & ~3);
        int bulk = size - Esp32ImageBuilder.overhead(4, 0) - rodata.length - data.length - iram.length;
        byte[] irom = CodeLikeBytes.generate(random, bulk);
        long[] loads = esp32
                ? new long[] {0x3F400020L, 0x3FFB0000L, 0x40080000L, 0x400D0020L}
                : new long[] {0x3C000020L, 0x3FC88000L, 0x40380000L, 0x42000020L};
        long entry = esp32 ? 0x40081000L : 0x40380080L;
        byte[] image = Esp32ImageBuilder.build(layout.chipId(), esp32 ? 399 : 199, entry, loads,
                new byte[][] {rodata, data, iram, irom});
        if (image.length != size) {
            throw new IllegalStateException("demo app came out at " + image.length + " bytes, not " + size);
        }
        return image;
    }

    public static byte[] app(Chip chip) {
        return app(chip, DEFAULT_VERSION, DEFAULT_APP_SIZE);
    }

    /** The factory image (tasmota32.factory.bin): everything from flash offset 0 to the app's end. */
    public static byte[] factory(Chip chip, String version, int appSize) {
        Esp32ImageLayout layout = Esp32ImageLayout.of(chip);
        byte[] app = app(chip, version, appSize);
        byte[] out = new byte[Esp32ImageLayout.APP_OFFSET + app.length];
        java.util.Arrays.fill(out, 0, Esp32ImageLayout.APP_OFFSET, (byte) 0xFF);
        byte[] boot = bootloader(chip);
        System.arraycopy(boot, 0, out, layout.bootloaderOffset(), boot.length);
        byte[] table = partitionTable();
        System.arraycopy(table, 0, out, Esp32ImageLayout.PARTITION_TABLE_OFFSET, table.length);
        System.arraycopy(app, 0, out, Esp32ImageLayout.APP_OFFSET, app.length);
        return out;
    }

    public static byte[] factory(Chip chip) {
        return factory(chip, DEFAULT_VERSION, DEFAULT_APP_SIZE);
    }

    /** A second-stage bootloader image: three RAM segments, as ESP-IDF's bootloader has. */
    public static byte[] bootloader(Chip chip) {
        Esp32ImageLayout layout = Esp32ImageLayout.of(chip);
        boolean esp32 = chip == Chip.ESP32;
        Random random = new Random(0x426F6F74L ^ layout.chipId());
        byte[][] segments = {CodeLikeBytes.generate(random, 0x1700), CodeLikeBytes.generate(random, 0x900),
            CodeLikeBytes.generate(random, 0x2C00)};
        long[] loads = esp32 ? new long[] {0x3FFF0030L, 0x40078000L, 0x40080400L}
                : new long[] {0x3FCD6100L, 0x403CE000L, 0x403D0000L};
        long entry = esp32 ? 0x40080600L : 0x403CE000L;
        return Esp32ImageBuilder.build(layout.chipId(), esp32 ? 399 : 199, entry, loads, segments);
    }

    /**
     * Tasmota32's 4 MB partition table: nvs, otadata, app0 (ota_0 at 0x10000), spiffs; each entry
     * 32 bytes (magic 0xAA50, type, subtype, offset, size, 16-byte label, flags), then the MD5
     * entry (0xEBEB, 14 x 0xFF, MD5 of the entries), the rest 0xFF.
     */
    public static byte[] partitionTable() {
        byte[] table = new byte[PARTITION_TABLE_LENGTH];
        java.util.Arrays.fill(table, (byte) 0xFF);
        Object[][] rows = {
            {"nvs", 1, 0x02, 0x9000, 0x5000},
            {"otadata", 1, 0x00, 0xE000, 0x2000},
            {"app0", 0, 0x10, 0x10000, 0x2D0000},
            {"spiffs", 1, 0x82, 0x2E0000, 0x120000},
        };
        int pos = 0;
        for (Object[] row : rows) {
            table[pos] = 0x50;
            table[pos + 1] = (byte) 0xAA;
            table[pos + 2] = (byte) (int) row[1];
            table[pos + 3] = (byte) (int) row[2];
            EspAppImage.putU32(table, pos + 4, (int) row[3]);
            EspAppImage.putU32(table, pos + 8, (int) row[4]);
            byte[] label = ((String) row[0]).getBytes(StandardCharsets.US_ASCII);
            java.util.Arrays.fill(table, pos + 12, pos + 28, (byte) 0);
            System.arraycopy(label, 0, table, pos + 12, label.length);
            EspAppImage.putU32(table, pos + 28, 0);
            pos += 32;
        }
        table[pos] = (byte) 0xEB;
        table[pos + 1] = (byte) 0xEB;
        System.arraycopy(md5(table, pos), 0, table, pos + 16, 16);
        return table;
    }

    /** App descriptor (magic, version, project name), then the demo marker, then text and constants. */
    private static byte[] rodata(Random random, String version, int length) {
        byte[] out = CodeLikeBytes.generate(random, length);
        java.util.Arrays.fill(out, 0, 256, (byte) 0);
        EspAppImage.putU32(out, 0, APP_DESC_MAGIC);
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, out, 16, v.length);
        byte[] project = "tasmota32".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(project, 0, out, 48, project.length);
        byte[] marker = (DemoFirmwareImage.MARKER + "\0" + version + "\0").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, out, 256, marker.length);
        return out;
    }

    private static byte[] md5(byte[] data, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

package dev.flashline.sim;

import dev.flashline.sim.tasmota.CodeLikeBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Factory content of a stock ESP32 / ESP32-C3 Sonoff (MINI R4, Basic R4, Dual R3, POW Origin):
 * ITEAD's eWeLink firmware is an ESP-IDF application with over-the-air updates, so its 4 MB flash
 * follows ESP-IDF's two-OTA layout: second-stage bootloader (at 0x1000 on the ESP32, 0x0 on the
 * ESP32-C3), partition table at 0x8000, NVS (Wi-Fi, device id, keys: per device) at 0x9000, OTA
 * data at 0xD000, PHY init data at 0xF000, the running release in ota_0 at 0x10000 and the
 * previous one in ota_1 at 0x110000, the rest erased. The application sizes (about 0.9 MB each)
 * are an assumption stated in FLASH_TIMING.md; what matters for backups is that most of the chip
 * is firmware or blank and the same on every device of a model.
 */
public final class StockFlash32 {
    static final int SECTOR = VirtualFlash.SECTOR_SIZE;
    static final int PARTITION_TABLE = 0x8000;
    static final int NVS = 0x9000;
    static final int NVS_SECTORS = 4;
    static final int OTA_DATA = 0xD000;
    static final int PHY_INIT = 0xF000;
    static final int OTA_0 = 0x10000;
    static final int OTA_1 = 0x110000;
    static final int SLOT = 0x100000;
    static final int BOOTLOADER_SIZE = 26 * 1024;
    static final int OTA_0_SIZE = 912 * 1024;
    static final int OTA_1_SIZE = 896 * 1024;

    private static final long FIRMWARE_SEED = 0x6557654C696E6B32L; // one stock release for every device of a model

    private StockFlash32() {
    }

    /** The whole chip's content for this chip, size and MAC. */
    public static byte[] build(Chip chip, int flashSize, byte[] mac) {
        if (flashSize < OTA_1 + SLOT) {
            throw new IllegalArgumentException("the two-OTA layout needs at least 4 MB of flash");
        }
        byte[] flash = new byte[flashSize];
        Arrays.fill(flash, (byte) 0xFF);
        Random firmware = new Random(FIRMWARE_SEED + chip.ordinal());
        StockFlash.put(flash, chip == Chip.ESP32C3 ? 0x0 : 0x1000, image(firmware, BOOTLOADER_SIZE));
        StockFlash.put(flash, PARTITION_TABLE, partitionTable());
        StockFlash.put(flash, OTA_0, image(firmware, OTA_0_SIZE));
        StockFlash.put(flash, OTA_1, image(firmware, OTA_1_SIZE));
        StockFlash.put(flash, PHY_INIT, Arrays.copyOf(StockFlash.bytes(firmware, 128), 128));
        Random device = new Random(StockFlash.macSeed(mac, 0x4E56534BL));
        for (int i = 0; i < NVS_SECTORS - 1; i++) { // the last NVS page stays erased, as NVS keeps one free
            StockFlash.put(flash, NVS + i * SECTOR, nvsPage(device, mac, i));
        }
        // OTA data: the sequence number names the running slot (ota_0 after an odd number of updates).
        ByteBuffer ota = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt(3);
        StockFlash.put(flash, OTA_DATA, Arrays.copyOf(ota.array(), 32));
        return flash;
    }

    private static byte[] image(Random random, int size) {
        byte[] image = CodeLikeBytes.generate(random, size);
        image[0] = (byte) 0xE9;
        image[1] = 4;
        image[2] = 2;
        image[3] = 0x20;
        return image;
    }

    /** ESP-IDF partition entries (magic 0x50AA): nvs, otadata, phy_init, ota_0, ota_1. */
    private static byte[] partitionTable() {
        ByteBuffer t = ByteBuffer.allocate(0xC00).order(ByteOrder.LITTLE_ENDIAN);
        entry(t, 1, 2, NVS, 0x4000, "nvs");
        entry(t, 1, 0, OTA_DATA, 0x2000, "otadata");
        entry(t, 1, 1, PHY_INIT, 0x1000, "phy_init");
        entry(t, 0, 0x10, OTA_0, SLOT, "ota_0");
        entry(t, 0, 0x11, OTA_1, SLOT, "ota_1");
        byte[] table = t.array();
        Arrays.fill(table, t.position(), table.length, (byte) 0xFF);
        return table;
    }

    private static void entry(ByteBuffer t, int type, int subtype, int offset, int size, String name) {
        t.put((byte) 0xAA).put((byte) 0x50).put((byte) type).put((byte) subtype).putInt(offset).putInt(size);
        t.put(Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 16)).putInt(0);
    }

    private static byte[] nvsPage(Random random, byte[] mac, int index) {
        byte[] page = new byte[SECTOR];
        Arrays.fill(page, (byte) 0xFF);
        String text = String.format("{\"deviceid\":\"1001%02x%02x%02x\",\"apikey\":\"%08x-%04x\",\"page\":%d}", mac[3] & 0xFF,
                mac[4] & 0xFF, mac[5] & 0xFF, random.nextInt(), random.nextInt(0x10000), index);
        byte[] used = StockFlash.bytes(random, 1024);
        System.arraycopy(used, 0, page, 0, used.length);
        byte[] json = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(json, 0, page, used.length, json.length);
        return page;
    }
}

package dev.flashline.sim;

import dev.flashline.sim.tasmota.CodeLikeBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Factory content of a stock Sonoff's flash: ITEAD's eWeLink firmware is built on Espressif's
 * non-OS SDK with OTA, so a 1 MB chip uses the SDK's "512 KB + 512 KB" map. Layout and the
 * reasoning for each size are in FLASH_TIMING.md. The firmware images are the same on every
 * device (one stock release); the configuration and calibration sectors depend on the MAC.
 */
public final class StockFlash {
    static final int SECTOR = VirtualFlash.SECTOR_SIZE;
    /** Espressif's second-stage bootloader (boot_v1.x), sector 0. */
    static final int BOOT_ADDRESS = 0x00000;
    static final int BOOT_SIZE = 3_856;
    /** OTA slot 1 (user1.bin) and slot 2 (user2.bin) of the 512+512 map. */
    static final int USER1_ADDRESS = 0x01000;
    static final int USER2_ADDRESS = 0x81000;
    /** Largest image a slot can hold: up to the application's parameter sectors at 0x7C000. */
    static final int SLOT_LIMIT = 0x7C000 - USER1_ADDRESS;
    /** The release running now (slot 1) and the previous one left in slot 2 by an OTA update. */
    static final int USER1_SIZE = 356 * 1024;
    static final int USER2_SIZE = 344 * 1024;
    /** The application's own parameter sectors (device id, API key, Wi-Fi, timers), 3 sectors. */
    static final int CONFIG_ADDRESS = 0x7C000;
    static final int CONFIG_SECTORS = 3;
    /** From the end of the chip (non-OS SDK ≥ 1.5.4): RF calibration, PHY init data, system params. */
    static final int RF_CAL_FROM_END = 5 * SECTOR;
    static final int PHY_INIT_FROM_END = 4 * SECTOR;
    static final int SYSTEM_PARAMS_FROM_END = 3 * SECTOR;
    static final int PHY_INIT_SIZE = 128;
    static final int RF_CAL_SIZE = 628;

    private static final long FIRMWARE_SEED = 0x6557654C696E6BL; // one stock release for every device

    private StockFlash() {
    }

    /** The whole chip's content: same size and MAC, same bytes. */
    public static byte[] build(int flashSize, byte[] mac) {
        if (flashSize < 1 << 20) {
            throw new IllegalArgumentException("the stock layout needs at least 1 MB of flash");
        }
        byte[] flash = new byte[flashSize];
        Arrays.fill(flash, (byte) 0xFF);
        Random firmware = new Random(FIRMWARE_SEED);
        put(flash, BOOT_ADDRESS, appImage(firmware, BOOT_SIZE));
        put(flash, USER1_ADDRESS, appImage(firmware, USER1_SIZE));
        put(flash, USER2_ADDRESS, appImage(firmware, USER2_SIZE));
        Random device = new Random(macSeed(mac));
        for (int i = 0; i < CONFIG_SECTORS; i++) {
            put(flash, CONFIG_ADDRESS + i * SECTOR, configRecord(device, mac, i));
        }
        put(flash, flashSize - RF_CAL_FROM_END, bytes(device, RF_CAL_SIZE));
        put(flash, flashSize - PHY_INIT_FROM_END, bytes(new Random(FIRMWARE_SEED), PHY_INIT_SIZE));
        put(flash, flashSize - SYSTEM_PARAMS_FROM_END, systemParams(device));
        put(flash, flashSize - SYSTEM_PARAMS_FROM_END + 2 * SECTOR, new byte[] {1, 0, 0, 0, 0x55, (byte) 0xAA, 0x55, (byte) 0xAA});
        return flash;
    }

    /** An ESP8266 image header (magic 0xE9, DOUT, 1 MB / 40 MHz) followed by code-like bytes. */
    private static byte[] appImage(Random random, int size) {
        byte[] image = CodeLikeBytes.generate(random, size);
        image[0] = (byte) 0xE9;
        image[1] = 3;
        image[2] = 3;
        image[3] = 0x20;
        return image;
    }

    private static byte[] configRecord(Random random, byte[] mac, int index) {
        String text = String.format("{\"deviceid\":\"1000%02x%02x%02x\",\"apikey\":\"%08x-%04x-%04x\",\"slot\":%d,"
                + "\"ssid\":\"factory\",\"startup\":\"off\",\"timers\":[]}", mac[3] & 0xFF, mac[4] & 0xFF,
                mac[5] & 0xFF, random.nextInt(), random.nextInt(0x10000), random.nextInt(0x10000), index);
        byte[] json = text.getBytes(StandardCharsets.US_ASCII);
        byte[] record = new byte[16 + json.length];
        record[0] = (byte) 0xA5;
        record[1] = (byte) index;
        record[2] = (byte) json.length;
        record[3] = (byte) (json.length >> 8);
        System.arraycopy(json, 0, record, 16, json.length);
        return record;
    }

    /** Saved station settings and their copy: binary fields, then the rest of the sector left erased. */
    private static byte[] systemParams(Random random) {
        byte[] params = new byte[2 * SECTOR];
        Arrays.fill(params, (byte) 0xFF);
        byte[] record = bytes(random, 840);
        System.arraycopy(record, 0, params, 0, record.length);
        System.arraycopy(record, 0, params, SECTOR, record.length);
        return params;
    }

    static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private static long macSeed(byte[] mac) {
        return macSeed(mac, 0x53746F636BL);
    }

    /** A seed for content that differs per device: the MAC, salted per kind of content. */
    static long macSeed(byte[] mac, long salt) {
        long seed = 0;
        for (byte b : mac) {
            seed = seed << 8 | (b & 0xFF);
        }
        return seed ^ salt;
    }

    static void put(byte[] flash, int address, byte[] data) {
        System.arraycopy(data, 0, flash, address, data.length);
    }
}

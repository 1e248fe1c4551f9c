package dev.flashline.protocol;

/** Commands only the ESP32-family ROM loaders have (Espressif's serial protocol documentation). */
public final class Esp32Opcodes {
    /** Offset and length (≤ 64); the answer carries one 64-byte block. */
    public static final int READ_FLASH_SLOW = 0x0E;
    /** No data; the answer holds flags, flash_crypt_cnt, key purposes, then chip id and ECO (ESP32-S2 and later). */
    public static final int GET_SECURITY_INFO = 0x14;

    private Esp32Opcodes() {
    }
}

package dev.flashline.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Registers an ESP32 / ESP32-C3 ROM loader lets READ_REG / WRITE_REG reach: the chip-detect magic
 * word in ROM, the eFuse read registers ({@link Esp32Efuse}), UART0's clock divider, the ESP32's
 * APB date and RTC calibration words, the RTC watchdog, and the SPI1 controller through
 * which a host runs flash commands such as RDID. Anything else is plain storage reading 0.
 */
final class Esp32RegisterFile implements MemoryBus {
    static final long CHIP_MAGIC = 0x40001000L;
    static final int ESP32_MAGIC = 0x00F01D83;
    /** ESP32-C3 ECO3 (revision v0.3); the word differs per silicon revision. */
    static final int ESP32C3_MAGIC = 0x1B31506F;

    static final long ESP32_UART0_CLKDIV = 0x3FF40014L;
    static final long ESP32C3_UART0_CLKDIV = 0x60000014L;
    /** ESP32: APB_CTL_DATE; bit 31 is the third chip-revision bit (set on v3 silicon). */
    static final long ESP32_APB_CTL_DATE = 0x3FF6607CL;
    static final int ESP32_APB_DATE_V3 = 0x96042000;
    /** ESP32: RTC calibration of the 8 MHz clock against the crystal (value in bits 7-31). */
    static final long ESP32_RTC_CALI = 0x3FF5F06CL;

    /** RTC watchdog: config 0 (bit 31 = enable) and the write-protect register, per chip's RTC_CNTL block. */
    static final long C3_RTC_WDT_CONFIG0 = 0x60008090L;
    static final long C3_RTC_WDT_PROTECT = 0x600080A8L;
    static final long ESP32_RTC_WDT_CONFIG0 = 0x3FF4808CL;
    static final long ESP32_RTC_WDT_PROTECT = 0x3FF480A4L;
    /** Written to the protect register, unlocks the watchdog's registers. */
    static final int RTC_WDT_KEY = 0x50D83AA1;

    /** SPI1 (the flash controller) per chip: base and the offsets of USR, USR2, MISO_DLEN, W0. */
    private record SpiLayout(long base, int usr, int usr2, int misoDlen, int mosiDlen, int w0) {
    }

    private static final SpiLayout ESP32_SPI = new SpiLayout(0x3FF42000L, 0x1C, 0x24, 0x2C, 0x28, 0x80);
    private static final SpiLayout C3_SPI = new SpiLayout(0x60002000L, 0x18, 0x20, 0x28, 0x24, 0x58);
    private static final int CMD_USR = 1 << 18;
    private static final int USR_MISO = 1 << 28;

    private final VirtualDeviceConfig config;
    private final IntSupplier uartBaud;
    private final SpiLayout spi;
    private final Map<Long, Integer> efuse;
    private final Map<Long, Integer> store = new HashMap<>();
    private boolean watchdogFired;

    Esp32RegisterFile(VirtualDeviceConfig config, IntSupplier uartBaud) {
        this.config = config;
        this.uartBaud = uartBaud;
        this.spi = config.chip() == Chip.ESP32 ? ESP32_SPI : C3_SPI;
        this.efuse = Esp32Efuse.words(config.chip(), config.mac());
    }

    @Override
    public int read(long address) {
        address &= 0xFFFFFFFFL;
        boolean esp32 = config.chip() == Chip.ESP32;
        if (address == CHIP_MAGIC) {
            return esp32 ? ESP32_MAGIC : ESP32C3_MAGIC;
        }
        if (efuse.containsKey(address)) {
            return efuse.get(address);
        }
        if (address == (esp32 ? ESP32_UART0_CLKDIV : ESP32C3_UART0_CLKDIV)) {
            return (int) Math.round(config.crystalMhz() * 1e6 / uartBaud.getAsInt());
        }
        if (esp32 && address == ESP32_APB_CTL_DATE) {
            return ESP32_APB_DATE_V3;
        }
        if (esp32 && address == ESP32_RTC_CALI) {
            return romCalibration() << 7;
        }
        return store.getOrDefault(address, 0);
    }

    /**
     * The ROM estimates the crystal as cali * 15625 * ck8m / 40 Hz; this calibration makes the
     * estimate equal the real crystal, so the ROM's idea of a baud rate is the true one.
     */
    private int romCalibration() {
        return (int) (config.crystalMhz() * 1_000_000L * 40 / 15625 / Esp32Efuse.ESP32_CK8M_FREQ);
    }

    @Override
    public void write(long address, int value, int mask) {
        address &= 0xFFFFFFFFL;
        int merged = (store.getOrDefault(address, 0) & ~mask) | (value & mask);
        if (address == spi.base()) {
            if ((merged & CMD_USR) != 0) {
                runUserCommand();
            }
            store.put(address, 0); // the controller clears the command bit when done
            return;
        }
        boolean esp32 = config.chip() == Chip.ESP32;
        if (address == (esp32 ? ESP32_RTC_WDT_CONFIG0 : C3_RTC_WDT_CONFIG0) && (merged & (1 << 31)) != 0
                && store.getOrDefault(esp32 ? ESP32_RTC_WDT_PROTECT : C3_RTC_WDT_PROTECT, 0) == RTC_WDT_KEY) {
            watchdogFired = true; // the RTC watchdog resets the whole chip once it times out
        }
        store.put(address, merged);
    }

    /** True once the host armed the RTC watchdog: the chip resets (and samples its strapping pins). */
    boolean watchdogFired() {
        return watchdogFired;
    }

    private void runUserCommand() {
        int user = store.getOrDefault(spi.base() + spi.usr(), 0);
        int opcode = store.getOrDefault(spi.base() + spi.usr2(), 0) & 0xFFFF;
        int misoBits = (user & USR_MISO) != 0 ? (store.getOrDefault(spi.base() + spi.misoDlen(), 0) & 0x3FF) + 1 : 0;
        byte[] reply;
        switch (opcode) {
            case 0x9F: // RDID
                reply = new byte[] {(byte) config.jedecManufacturer(), (byte) config.jedecType(),
                    (byte) config.jedecCapacity()};
                break;
            default: // status registers (0x05, 0x35, 0x15) read 0: idle, unprotected
                reply = new byte[0];
        }
        int bytes = (misoBits + 7) / 8;
        for (int i = 0; i < bytes && i < 64; i++) {
            long reg = spi.base() + spi.w0() + (i / 4) * 4L;
            int shift = (i % 4) * 8;
            int value = i < reply.length ? reply[i] & 0xFF : 0;
            int old = store.getOrDefault(reg, 0);
            store.put(reg, (old & ~(0xFF << shift)) | (value << shift));
        }
    }
}

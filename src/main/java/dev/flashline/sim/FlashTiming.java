package dev.flashline.sim;

import java.util.List;
import java.util.Optional;

/**
 * How long a real SPI NOR flash (and the ESP8266 working on it) takes, by datasheet typical
 * figures: programming one 256-byte page, erasing a 4 KB sector, a 64 KB block and the whole chip,
 * plus the rates at which the chip's ROM reads flash, hashes it (MD5) and the flashline stub
 * compresses it. Sources and the reasoning behind each figure: FLASH_TIMING.md next to this file.
 */
public record FlashTiming(String part, int jedecManufacturer, int jedecType, int jedecCapacity,
        double pageProgramMs, double sectorEraseMs, double blockEraseMs, double chipEraseMs,
        double readMBps, double md5MBps, double deflateMBps) {

    /** SPI read through the ROM's SPIRead at the download-mode SPI clock: an estimate (see the doc). */
    static final double READ_MBPS = 4.0;
    /** MD5 over flash by the stub at 80 MHz, read included: an estimate (see the doc). */
    static final double MD5_MBPS = 2.0;
    /** flashline stub's fixed-Huffman LZ77 at 80 MHz, read included: an estimate (see the doc). */
    static final double DEFLATE_MBPS = 1.0;

    public static final FlashTiming GD25Q80 = new FlashTiming("GigaDevice GD25Q80", 0xC8, 0x40, 0x14,
            0.7, 50, 280, 5000, READ_MBPS, MD5_MBPS, DEFLATE_MBPS);
    public static final FlashTiming GD25Q40 = new FlashTiming("GigaDevice GD25Q40", 0xC8, 0x40, 0x13,
            0.7, 50, 280, 2500, READ_MBPS, MD5_MBPS, DEFLATE_MBPS);
    public static final FlashTiming W25Q80 = new FlashTiming("Winbond W25Q80", 0xEF, 0x40, 0x14,
            0.7, 30, 150, 2000, READ_MBPS, MD5_MBPS, DEFLATE_MBPS);
    public static final FlashTiming P25Q80 = new FlashTiming("PUYA P25Q80H", 0x85, 0x60, 0x14,
            1.5, 8, 8, 8, READ_MBPS, MD5_MBPS, DEFLATE_MBPS);

    public static final List<FlashTiming> KNOWN = List.of(GD25Q80, GD25Q40, W25Q80, P25Q80);

    /** The datasheet figures for a JEDEC id (manufacturer, memory type; capacity ignored when unknown). */
    public static Optional<FlashTiming> forJedec(int manufacturer, int type, int capacity) {
        Optional<FlashTiming> exact = KNOWN.stream().filter(t -> t.jedecManufacturer == manufacturer
                && t.jedecType == type && t.jedecCapacity == capacity).findFirst();
        return exact.isPresent() ? exact : KNOWN.stream()
                .filter(t -> t.jedecManufacturer == manufacturer && t.jedecType == type).findFirst();
    }

    /** For a chip with an id we have no datasheet for: the slowest-erasing common part (GD25Q80). */
    public static FlashTiming forJedecOrDefault(int manufacturer, int type, int capacity) {
        return forJedec(manufacturer, type, capacity).orElse(GD25Q80);
    }

    long pageProgramNanos(int pages) {
        return (long) (pages * pageProgramMs * 1_000_000);
    }

    long sectorEraseNanos() {
        return (long) (sectorEraseMs * 1_000_000);
    }

    long blockEraseNanos() {
        return (long) (blockEraseMs * 1_000_000);
    }

    long chipEraseNanos() {
        return (long) (chipEraseMs * 1_000_000);
    }

    long readNanos(long bytes) {
        return (long) (bytes / readMBps * 1000);
    }

    long md5Nanos(long bytes) {
        return (long) (bytes / md5MBps * 1000);
    }

    long deflateNanos(long bytes) {
        return (long) (bytes / deflateMBps * 1000);
    }
}

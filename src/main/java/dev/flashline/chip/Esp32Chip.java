package dev.flashline.chip;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.Loader;

/**
 * ESP32 facts (technical reference manual, eFuse chapter): the MAC in BLK0 words 1-2, package and
 * revision bits in words 3 and 5 (the third revision bit in APB_CTL_DATE), the UART divider the
 * ROM derived from the crystal, the flash through SPI1.
 */
public final class Esp32Chip {
    static final int EFUSE_BLK0 = 0x3FF5A000;
    static final int UART0_CLKDIV = 0x3FF40014;
    static final int APB_CTL_DATE = 0x3FF6607C;
    private static final String[] PACKAGES = {"ESP32-D0WDQ6", "ESP32-D0WD", "ESP32-D2WD", null, "ESP32-U4WDH",
        "ESP32-PICO-D4", "ESP32-PICO-V3-02", "ESP32-D0WDR2-V3"};

    private Esp32Chip() {
    }

    /** Identification; the flash must already be attached (SPI_ATTACH). */
    public static ChipInfo identify(Loader loader) {
        int w1 = loader.readReg(EFUSE_BLK0 + 4);
        int w2 = loader.readReg(EFUSE_BLK0 + 8);
        String mac = String.format("%02x:%02x:%02x:%02x:%02x:%02x", (w2 >> 8) & 0xFF, w2 & 0xFF,
                (w1 >>> 24) & 0xFF, (w1 >> 16) & 0xFF, (w1 >> 8) & 0xFF, w1 & 0xFF);
        int jedec = Esp32SpiFlash.ESP32.readJedecId(loader);
        return new ChipInfo("ESP32", mac, jedecHex(jedec), flashSize(jedec), crystalMhz(loader));
    }

    /** Package and revision, e.g. "ESP32-D0WD-V3 revision v3.0", for the connect log. */
    public static String silicon(Loader loader) {
        int w3 = loader.readReg(EFUSE_BLK0 + 12);
        int w5 = loader.readReg(EFUSE_BLK0 + 20);
        int date = loader.readReg(APB_CTL_DATE);
        int bits = ((w3 >> 15) & 1) | ((w5 >> 20) & 1) << 1 | ((date >>> 31) & 1) << 2;
        int major = switch (bits) {
            case 1 -> 1;
            case 3 -> 2;
            case 7 -> 3;
            default -> 0;
        };
        int minor = (w5 >> 24) & 3;
        int pkg = ((w3 >> 9) & 7) | ((w3 >> 2) & 1) << 3;
        String name = pkg < PACKAGES.length && PACKAGES[pkg] != null ? PACKAGES[pkg] : "ESP32 (package " + pkg + ")";
        if (major == 3 && pkg == 1) {
            name += "-V3";
        }
        return name + " revision v" + major + "." + minor;
    }

    /** The ROM runs UART0 from the crystal: divider = f_xtal / baud. ESP32 boards carry 40 or 26 MHz. */
    static int crystalMhz(Loader loader) {
        int divider = loader.readReg(UART0_CLKDIV) & 0xFFFFF;
        return (double) loader.baud() * divider / 1e6 > 33 ? 40 : 26;
    }

    static String jedecHex(int jedec) {
        return String.format("%02x%02x%02x", jedec & 0xFF, (jedec >> 8) & 0xFF, (jedec >> 16) & 0xFF);
    }

    static int flashSize(int jedec) {
        int size = Esp8266Chip.flashSizeFromCapacityByte((jedec >> 16) & 0xFF);
        if (size == 0) {
            throw new FlashlineException(ErrorCode.CHIP_NO_FLASH, String.format(
                    "The flash chip did not answer its ID command (RDID gave %06x)", jedec),
                    "The chip talks but its SPI flash does not: check the 3.3 V supply under load and the module's flash.");
        }
        return size;
    }
}

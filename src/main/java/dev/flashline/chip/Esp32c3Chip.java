package dev.flashline.chip;

import dev.flashline.loader.Loader;

/**
 * ESP32-C3 facts (technical reference manual, eFuse chapter): eFuse BLOCK1 read registers from
 * 0x60008844 hold the MAC (word 0 = bytes 2-5, word 1 = bytes 0-1), minor revision, package and
 * embedded flash (word 3) and the rest of the revision (word 5). The C3 runs on a 40 MHz crystal only.
 */
public final class Esp32c3Chip {
    static final int EFUSE_BLOCK1 = 0x60008844;
    private static final String[] PACKAGES = {"ESP32-C3 (QFN32)", "ESP8685 (QFN28)", "ESP32-C3 AZ (QFN32)",
        "ESP8686 (QFN24)"};

    private Esp32c3Chip() {
    }

    /** Identification; the flash must already be attached (SPI_ATTACH). */
    public static ChipInfo identify(Loader loader) {
        int w0 = loader.readReg(EFUSE_BLOCK1);
        int w1 = loader.readReg(EFUSE_BLOCK1 + 4);
        String mac = String.format("%02x:%02x:%02x:%02x:%02x:%02x", (w1 >> 8) & 0xFF, w1 & 0xFF,
                (w0 >>> 24) & 0xFF, (w0 >> 16) & 0xFF, (w0 >> 8) & 0xFF, w0 & 0xFF);
        int jedec = Esp32SpiFlash.ESP32C3.readJedecId(loader);
        return new ChipInfo("ESP32-C3", mac, Esp32Chip.jedecHex(jedec), Esp32Chip.flashSize(jedec), 40);
    }

    /** Package and revision, e.g. "ESP32-C3 (QFN32) revision v0.3", for the connect log. */
    public static String silicon(Loader loader) {
        int w3 = loader.readReg(EFUSE_BLOCK1 + 12);
        int w5 = loader.readReg(EFUSE_BLOCK1 + 20);
        int minor = ((w5 >> 23) & 1) << 3 | ((w3 >> 18) & 7);
        int major = (w5 >> 24) & 3;
        int pkg = (w3 >> 21) & 7;
        String name = pkg < PACKAGES.length ? PACKAGES[pkg] : "ESP32-C3 (package " + pkg + ")";
        return name + " revision v" + major + "." + minor;
    }
}

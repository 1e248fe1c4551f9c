package dev.flashline.chip;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.Loader;

/**
 * ESP8266EX / ESP8285 facts: where the ROM keeps the efuses, how they encode the MAC and the
 * embedded flash, how to run a SPI flash command through the user-command registers, and the ROM's
 * FLASH_BEGIN erase-size bug.
 */
public final class Esp8266Chip {
    // eFuse words; the MAC's low bytes live in 0x50/0x54, a custom OUI in 0x5C.
    static final int EFUSE0 = 0x3FF00050;
    static final int EFUSE1 = 0x3FF00054;
    static final int EFUSE2 = 0x3FF00058;
    static final int EFUSE3 = 0x3FF0005C;
    static final int UART0_CLKDIV = 0x60000014;
    static final int UART_CLKDIV_MASK = 0xFFFFF;

    // SPI0 user-command registers.
    static final int SPI_BASE = 0x60000200;
    static final int SPI_CMD = SPI_BASE;
    static final int SPI_USER = SPI_BASE + 0x1C;
    static final int SPI_USER1 = SPI_BASE + 0x20;
    static final int SPI_USER2 = SPI_BASE + 0x24;
    static final int SPI_W0 = SPI_BASE + 0x40;
    static final int SPI_CMD_USR = 1 << 18;
    static final int SPI_USR_COMMAND = 1 << 31;
    static final int SPI_USR_MISO = 1 << 28;
    static final int SPI_USR1_MISO_BITLEN_SHIFT = 8;
    static final int SPI_USR2_COMMAND_BITLEN_SHIFT = 28;
    static final int FLASH_RDID = 0x9F;

    public static final int SECTOR_SIZE = 0x1000;
    static final int SECTORS_PER_BLOCK = 16;

    private Esp8266Chip() {
    }

    /** Reads everything identification needs; the chip magic must already be known to be an ESP8266. */
    public static ChipInfo identify(Loader loader) {
        int magic = loader.readReg(ChipMagic.DETECT_MAGIC_REG);
        if (magic != ChipMagic.ESP8266_MAGIC) {
            throw new UnsupportedChipException(ChipMagic.otherChipName(magic));
        }
        int e0 = loader.readReg(EFUSE0);
        int e1 = loader.readReg(EFUSE1);
        int e2 = loader.readReg(EFUSE2);
        int e3 = loader.readReg(EFUSE3);
        String chip = isEsp8285(e0, e2) ? "ESP8285" : "ESP8266EX";
        int jedec = readJedecId(loader);
        int size = flashSizeFromCapacityByte((jedec >> 16) & 0xFF);
        if (size == 0 && chip.equals("ESP8285")) {
            size = embeddedFlashSize(e0, e3);
        }
        if (size == 0) {
            throw new FlashlineException(ErrorCode.CHIP_NO_FLASH, String.format(
                    "The flash chip did not answer its ID command (RDID gave %06x)", jedec),
                    "The chip talks but its SPI flash does not: check the 3.3 V supply under load, and that the"
                            + " module's flash is not damaged (a bare ESP8266 without flash cannot be flashed).");
        }
        return new ChipInfo(chip, mac(e0, e1, e3), String.format("%02x%02x%02x",
                jedec & 0xFF, (jedec >> 8) & 0xFF, (jedec >> 16) & 0xFF), size, crystalMhz(loader));
    }

    /** Flash size from the JEDEC capacity byte (2^n bytes); 0 when the byte is not a plausible capacity. */
    public static int flashSizeFromCapacityByte(int capacity) {
        return capacity >= 0x10 && capacity <= 0x1A ? 1 << capacity : 0;
    }

    /** ESP8285 is marked by eFuse bit 4 (word 0) or bit 80 (word 2, bit 16). */
    static boolean isEsp8285(int e0, int e2) {
        return (e0 & (1 << 4)) != 0 || (e2 & (1 << 16)) != 0;
    }

    /** ESP8285's embedded flash from eFuse bits 121..123 (word 3 bits 25..27) when RDID gives nothing usable. */
    static int embeddedFlashSize(int e0, int e3) {
        boolean r3bit26 = (e3 & (1 << 26)) != 0;
        return r3bit26 ? 2 << 20 : 1 << 20;
    }

    /**
     * The MAC: bytes 3..5 from eFuse words 0 and 1; the OUI from word 3 when it is set, otherwise
     * one of Espressif's two OUIs chosen by word 1 bits 16..23.
     */
    static String mac(int e0, int e1, int e3) {
        int[] oui;
        if (e3 != 0) {
            oui = new int[] {(e3 >> 16) & 0xFF, (e3 >> 8) & 0xFF, e3 & 0xFF};
        } else if (((e1 >> 16) & 0xFF) == 0) {
            oui = new int[] {0x18, 0xFE, 0x34};
        } else if (((e1 >> 16) & 0xFF) == 1) {
            oui = new int[] {0xAC, 0xD0, 0x74};
        } else {
            throw new FlashlineException(ErrorCode.CHIP_BAD_EFUSE,
                    String.format("Unknown OUI marker 0x%02X in the eFuses", (e1 >> 16) & 0xFF),
                    "The chip's eFuses are not as an ESP8266's: check that the device is an ESP8266 / ESP8285.");
        }
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", oui[0], oui[1], oui[2],
                (e1 >> 8) & 0xFF, e1 & 0xFF, (e0 >> 24) & 0xFF);
    }

    /**
     * The ROM set its UART divider from the crystal when it locked on our baud rate:
     * divider = 2 × f_xtal / baud, so f_xtal ≈ baud × divider / 2. Boards carry 26 or 40 MHz.
     */
    static int crystalMhz(Loader loader) {
        int divider = loader.readReg(UART0_CLKDIV) & UART_CLKDIV_MASK;
        double estimated = (double) loader.baud() * divider / 1e6 / 2;
        return estimated > 33 ? 40 : 26;
    }

    /** RDID (0x9F) through the SPI user-command registers: 24 bits back in W0. */
    static int readJedecId(Loader loader) {
        int oldUser = loader.readReg(SPI_USER);
        int oldUser2 = loader.readReg(SPI_USER2);
        loader.writeReg(SPI_USER1, (24 - 1) << SPI_USR1_MISO_BITLEN_SHIFT);
        loader.writeReg(SPI_USER, SPI_USR_COMMAND | SPI_USR_MISO);
        loader.writeReg(SPI_USER2, (7 << SPI_USR2_COMMAND_BITLEN_SHIFT) | FLASH_RDID);
        loader.writeReg(SPI_W0, 0);
        loader.writeReg(SPI_CMD, SPI_CMD_USR);
        for (int i = 0; i < 10 && (loader.readReg(SPI_CMD) & SPI_CMD_USR) != 0; i++) {
            // the command completes in microseconds; a few polls are plenty
        }
        int id = loader.readReg(SPI_W0) & 0xFFFFFF;
        loader.writeReg(SPI_USER, oldUser);
        loader.writeReg(SPI_USER2, oldUser2);
        return id;
    }

    /**
     * The ESP8266 ROM's FLASH_BEGIN erases more than asked: for n sectors starting t sectors before
     * a 64 KB block boundary it erases min(n, t) + n sectors. This returns the erase size to send so
     * that exactly the sectors covering {@code size} bytes are erased (or one more, when n is odd and
     * fits before the boundary — the ROM cannot erase an odd count there).
     */
    public static int romEraseSize(int offset, int size) {
        int sectors = (size + SECTOR_SIZE - 1) / SECTOR_SIZE;
        int startSector = offset / SECTOR_SIZE;
        int head = Math.min(sectors, SECTORS_PER_BLOCK - startSector % SECTORS_PER_BLOCK);
        if (sectors < 2 * head) {
            return (sectors + 1) / 2 * SECTOR_SIZE;
        }
        return (sectors - head) * SECTOR_SIZE;
    }
}

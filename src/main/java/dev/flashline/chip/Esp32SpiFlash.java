package dev.flashline.chip;

import dev.flashline.loader.Loader;

/**
 * A SPI flash command run through the SPI1 controller's user-command registers of an ESP32 or
 * ESP32-C3 (technical reference manuals, SPI chapter): command in USR2 (8 bits), read length in
 * MISO_DLEN, start with CMD.USR, answer in W0. The flash must have been attached (SPI_ATTACH).
 */
record Esp32SpiFlash(int base, int usr, int usr2, int mosiDlen, int misoDlen, int w0) {
    static final Esp32SpiFlash ESP32 = new Esp32SpiFlash(0x3FF42000, 0x1C, 0x24, 0x28, 0x2C, 0x80);
    static final Esp32SpiFlash ESP32C3 = new Esp32SpiFlash(0x60002000, 0x18, 0x20, 0x24, 0x28, 0x58);

    private static final int CMD_USR = 1 << 18;
    private static final int USR_COMMAND = 1 << 31;
    private static final int USR_MISO = 1 << 28;
    private static final int COMMAND_BITLEN_SHIFT = 28;
    private static final int RDID = 0x9F;

    /** RDID: manufacturer, memory type, capacity in the low three bytes, in that order from bit 0. */
    int readJedecId(Loader loader) {
        int oldUsr = loader.readReg(base + usr);
        int oldUsr2 = loader.readReg(base + usr2);
        loader.writeReg(base + usr, USR_COMMAND | USR_MISO);
        loader.writeReg(base + usr2, (7 << COMMAND_BITLEN_SHIFT) | RDID);
        loader.writeReg(base + mosiDlen, 0);
        loader.writeReg(base + misoDlen, 24 - 1);
        loader.writeReg(base + w0, 0);
        loader.writeReg(base, CMD_USR);
        for (int i = 0; i < 10 && (loader.readReg(base) & CMD_USR) != 0; i++) {
            // done within microseconds; a few polls are plenty
        }
        int id = loader.readReg(base + w0) & 0xFFFFFF;
        loader.writeReg(base + usr, oldUsr);
        loader.writeReg(base + usr2, oldUsr2);
        return id;
    }
}

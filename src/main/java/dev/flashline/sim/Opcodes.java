package dev.flashline.sim;

/** Command bytes of the ESP serial loader protocol (ROM and esptool's flasher stub). */
final class Opcodes {
    static final int FLASH_BEGIN = 0x02;
    static final int FLASH_DATA = 0x03;
    static final int FLASH_END = 0x04;
    static final int MEM_BEGIN = 0x05;
    static final int MEM_END = 0x06;
    static final int MEM_DATA = 0x07;
    static final int SYNC = 0x08;
    static final int WRITE_REG = 0x09;
    static final int READ_REG = 0x0A;
    static final int SPI_SET_PARAMS = 0x0B;
    static final int SPI_ATTACH = 0x0D;
    static final int CHANGE_BAUDRATE = 0x0F;
    static final int FLASH_DEFL_BEGIN = 0x10;
    static final int FLASH_DEFL_DATA = 0x11;
    static final int FLASH_DEFL_END = 0x12;
    static final int SPI_FLASH_MD5 = 0x13;
    static final int ERASE_FLASH = 0xD0;
    static final int ERASE_REGION = 0xD1;
    static final int READ_FLASH = 0xD2;
    static final int RUN_USER_CODE = 0xD3;
    /** flashline's stub only: READ_FLASH with the data sent as one raw DEFLATE stream (FLASH_TIMING.md). */
    static final int READ_FLASH_DEFL = 0xE0;
    /** flashline's stub only: a compressed backup with a compressed write behind it, one session (src/stub/SWAP.md). */
    static final int READ_WRITE_DEFL = 0xE1;

    /** Payload of SYNC: 07 07 12 20 then 32 x 0x55 (the 0x55 run is what the ROM measures the baud on). */
    static final int SYNC_LENGTH = 36;
    /** Value field of the ESP8266 ROM's SYNC answers (its first payload word), observed on the wire. */
    static final int ROM_SYNC_VALUE = 0x20120707;
    /** Seed of the 8-bit XOR checksum over the data of *_DATA commands. */
    static final int CHECKSUM_SEED = 0xEF;

    private Opcodes() {
    }

    static boolean isSyncPayload(byte[] data) {
        if (data.length != SYNC_LENGTH) {
            return false;
        }
        if (data[0] != 0x07 || data[1] != 0x07 || data[2] != 0x12 || data[3] != 0x20) {
            return false;
        }
        for (int i = 4; i < SYNC_LENGTH; i++) {
            if (data[i] != 0x55) {
                return false;
            }
        }
        return true;
    }

    static int checksum(byte[] data, int offset, int length) {
        int c = CHECKSUM_SEED;
        for (int i = offset; i < offset + length; i++) {
            c ^= data[i] & 0xFF;
        }
        return c;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        return ((b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24);
    }

    static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }
}

package dev.flashline.protocol;

/** Command opcodes of the ESP serial loader protocol (ROM and flasher stub). */
public final class Opcode {
    public static final int FLASH_BEGIN = 0x02;
    public static final int FLASH_DATA = 0x03;
    public static final int FLASH_END = 0x04;
    public static final int MEM_BEGIN = 0x05;
    public static final int MEM_END = 0x06;
    public static final int MEM_DATA = 0x07;
    public static final int SYNC = 0x08;
    public static final int WRITE_REG = 0x09;
    public static final int READ_REG = 0x0A;
    public static final int SPI_SET_PARAMS = 0x0B;
    public static final int SPI_ATTACH = 0x0D;
    public static final int CHANGE_BAUDRATE = 0x0F;
    public static final int FLASH_DEFL_BEGIN = 0x10;
    public static final int FLASH_DEFL_DATA = 0x11;
    public static final int FLASH_DEFL_END = 0x12;
    public static final int SPI_FLASH_MD5 = 0x13;
    // Flasher-stub-only commands.
    public static final int ERASE_FLASH = 0xD0;
    public static final int ERASE_REGION = 0xD1;
    public static final int READ_FLASH = 0xD2;
    public static final int RUN_USER_CODE = 0xD3;
    /** flashline's stub only: READ_FLASH sent as one raw DEFLATE stream (src/stub/README.md). */
    public static final int READ_FLASH_DEFL = 0xE0;
    /** flashline's stub only: a compressed read with a compressed write behind it (src/stub/SWAP.md). */
    public static final int READ_WRITE_DEFL = 0xE1;

    private Opcode() {
    }

    public static String name(int op) {
        return switch (op) {
            case FLASH_BEGIN -> "FLASH_BEGIN";
            case FLASH_DATA -> "FLASH_DATA";
            case FLASH_END -> "FLASH_END";
            case MEM_BEGIN -> "MEM_BEGIN";
            case MEM_END -> "MEM_END";
            case MEM_DATA -> "MEM_DATA";
            case SYNC -> "SYNC";
            case WRITE_REG -> "WRITE_REG";
            case READ_REG -> "READ_REG";
            case SPI_SET_PARAMS -> "SPI_SET_PARAMS";
            case SPI_ATTACH -> "SPI_ATTACH";
            case CHANGE_BAUDRATE -> "CHANGE_BAUDRATE";
            case FLASH_DEFL_BEGIN -> "FLASH_DEFL_BEGIN";
            case FLASH_DEFL_DATA -> "FLASH_DEFL_DATA";
            case FLASH_DEFL_END -> "FLASH_DEFL_END";
            case SPI_FLASH_MD5 -> "SPI_FLASH_MD5";
            case ERASE_FLASH -> "ERASE_FLASH";
            case ERASE_REGION -> "ERASE_REGION";
            case READ_FLASH -> "READ_FLASH";
            case READ_FLASH_DEFL -> "READ_FLASH_DEFL";
            case READ_WRITE_DEFL -> "READ_WRITE_DEFL";
            case RUN_USER_CODE -> "RUN_USER_CODE";
            default -> String.format("0x%02X", op);
        };
    }
}

package dev.flashline.sim;

/** Error byte values of esptool's flasher stub (first status byte; the second stays 0). */
final class StubErrors {
    static final int OK = 0x00;
    static final int BAD_DATA_LEN = 0xC0;
    static final int BAD_DATA_CHECKSUM = 0xC1;
    static final int BAD_BLOCKSIZE = 0xC2;
    static final int INVALID_COMMAND = 0xC3;
    static final int FAILED_SPI_OP = 0xC4;
    static final int NOT_IN_FLASH_MODE = 0xC6;
    static final int INFLATE_ERROR = 0xC7;
    static final int NOT_ENOUGH_DATA = 0xC8;
    static final int TOO_MUCH_DATA = 0xC9;
    /** flashline's stub, READ_WRITE_DEFL: an erase or write at or above the read frontier, or into a range not erased. */
    static final int NOT_BACKED_UP = 0xCA;
    /** flashline's stub, READ_WRITE_DEFL: a frame arrived with both receive buffers full, or the RX FIFO overflowed. */
    static final int RX_OVERFLOW = 0xCB;
    static final int CMD_NOT_IMPLEMENTED = 0xFF;
    /** Codes the stub's erase-region and MD5 helpers return. */
    static final int ERASE_UNALIGNED_ADDRESS = 0x32;
    static final int ERASE_UNALIGNED_LENGTH = 0x33;
    static final int ERASE_FAILED = 0x35;
    static final int READ_FAILED = 0x63;

    private StubErrors() {
    }
}

package dev.flashline.sim;

/** Error byte values of the ESP ROM loaders (status byte 1 precedes them). */
final class RomErrors {
    /** "Received message is invalid": bad parameters, length field, or sequence number. */
    static final int INVALID_MESSAGE = 0x05;
    /** "Failed to act on received message". */
    static final int FAILED_TO_ACT = 0x06;
    /** "Invalid CRC in message": the 0xEF-seeded XOR checksum did not match. */
    static final int BAD_CHECKSUM = 0x07;
    /** "Flash write error": the checksum of what was read back after programming differs. */
    static final int FLASH_WRITE = 0x08;
    /** "Flash read length error": a READ_FLASH_SLOW asked for more than one 64-byte block. */
    static final int FLASH_READ_LENGTH = 0x0A;
    /** "Deflate failed error": a FLASH_DEFL_DATA stream does not inflate. */
    static final int DEFLATE_FAILED = 0x0B;

    private RomErrors() {
    }
}

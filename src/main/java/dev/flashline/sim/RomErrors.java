package dev.flashline.sim;

/** Error byte values of the ESP8266 ROM loader (status byte 1 precedes them). */
final class RomErrors {
    /** "Received message is invalid": bad parameters, length field, or sequence number. */
    static final int INVALID_MESSAGE = 0x05;
    /** "Failed to act on received message". */
    static final int FAILED_TO_ACT = 0x06;
    /** "Invalid CRC in message": the 0xEF-seeded XOR checksum did not match. */
    static final int BAD_CHECKSUM = 0x07;
    /** "Flash write error": the checksum of what was read back after programming differs. */
    static final int FLASH_WRITE = 0x08;

    private RomErrors() {
    }
}

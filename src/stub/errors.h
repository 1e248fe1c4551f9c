/* Status codes of the esptool stub protocol (second status byte of a response). */
#ifndef FLASHLINE_STUB_ERRORS_H
#define FLASHLINE_STUB_ERRORS_H

#define ERR_OK 0x00
#define ERR_BAD_DATA_LEN 0xC0
#define ERR_BAD_DATA_CHECKSUM 0xC1
#define ERR_BAD_BLOCKSIZE 0xC2
#define ERR_INVALID_COMMAND 0xC3
#define ERR_FAILED_SPI_OP 0xC4
#define ERR_FAILED_SPI_UNLOCK 0xC5
#define ERR_NOT_IN_FLASH_MODE 0xC6
#define ERR_INFLATE_ERROR 0xC7
#define ERR_NOT_ENOUGH_DATA 0xC8
#define ERR_TOO_MUCH_DATA 0xC9
/* READ_WRITE_DEFL (flashline only) */
#define ERR_NOT_BACKED_UP 0xCA /* erase/write at or above the read frontier, or into a range not erased */
#define ERR_RX_OVERFLOW 0xCB   /* a frame arrived while both receive buffers were full, or the RX FIFO overflowed */
#define ERR_CMD_NOT_IMPLEMENTED 0xFF

#endif

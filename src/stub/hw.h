/*
 * The stub's only window on the machine. stub.c, writer.c, inflate.c and md5.c are plain C and
 * talk to the chip exclusively through these calls, so the same code runs:
 *   - on the ESP8266 (esp8266/hw.c: ROM routines plus two UART registers),
 *   - on the ESP32-C3 (esp32c3/hw.c: ROM routines plus two UART registers),
 *   - under QEMU (same binary as on the chip; a test ROM answers the ROM-routine calls),
 *   - natively in host unit tests (test/hw_fake.c: flash in an array, UART over buffers).
 */
#ifndef FLASHLINE_STUB_HW_H
#define FLASHLINE_STUB_HW_H

#include <stdint.h>

#define HW_RX_NONE (-1)   /* no byte waiting yet: poll again */
#define HW_RX_CLOSED (-2) /* only the host fake returns this: the scripted input is used up */

int hw_uart_getc(void);
void hw_uart_putc(uint8_t b);
/* Non-zero when hw_uart_putc can queue a byte at once (the TX FIFO has room): a caller that must
 * keep receiving polls this instead of blocking in hw_uart_putc. */
int hw_uart_tx_ready(void);
/* Non-zero once if received bytes were lost because the RX FIFO was full since the last call
 * (the flag is cleared). */
int hw_uart_rx_overflowed(void);
/* Returns once every queued byte has left the transmitter (before a baud change). */
void hw_uart_drain(void);
/* Switches UART0 to new_baud; old_baud is the rate the host believes is current (0 = unknown). */
void hw_uart_set_baud(uint32_t new_baud, uint32_t old_baud);

/* Flash: addresses and lengths in bytes; buffers 4-byte aligned, lengths multiples of 4.
 * Each returns 0 on success, non-zero when the ROM reports a failure. */
uint32_t hw_flash_size(void);
int hw_flash_read(uint32_t addr, void *buf, uint32_t len);
int hw_flash_write(uint32_t addr, const void *buf, uint32_t len);
int hw_flash_erase_sector(uint32_t sector_index);
int hw_flash_erase_block(uint32_t block_index); /* 64 KiB */
int hw_flash_erase_chip(void);
int hw_flash_unlock(void);
/* SPI_ATTACH: connect the ROM's flash driver to the flash pins (config 0 = the default SPI pins). */
void hw_flash_attach(uint32_t config);
int hw_flash_set_params(uint32_t id, uint32_t total_size, uint32_t block_size,
                        uint32_t sector_size, uint32_t page_size, uint32_t status_mask);

uint32_t hw_reg_read(uint32_t addr);
void hw_reg_write(uint32_t addr, uint32_t value);
void hw_delay_us(uint32_t us);

#endif

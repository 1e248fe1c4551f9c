/*
 * The ESP32-C3 side of hw.h: ROM routines (addresses in rom.ld) and two UART0 registers.
 *
 * As on the ESP8266, bytes move through the ROM's uart_rx_one_char / uart_tx_one_char2 so the
 * same binary runs under QEMU, where a test ROM answers those calls. The flash goes through the
 * ROM's esp_rom_spiflash_* driver, which must be attached first (SPI_ATTACH); its idea of the
 * flash size (set by SPI_SET_PARAMS) bounds every range check.
 */
#include "hw.h"
#include "util.h"

#define UART0_BASE 0x60000000u
#define UART_INT_RAW (UART0_BASE + 0x04u) /* bit 4: RX FIFO overflow (raw, set even when masked) */
#define UART_INT_CLR (UART0_BASE + 0x10u) /* write 1 to clear the raw bit */
#define UART_CLKDIV (UART0_BASE + 0x14u) /* bits 0..11 integer part, 20..23 sixteenths */
#define UART_STATUS (UART0_BASE + 0x1Cu) /* bits 16..25: bytes in the TX FIFO */
#define TXFIFO_COUNT(status) (((status) >> 16) & 0x3FFu)
#define RXFIFO_OVF (1u << 4)
#define TXFIFO_ROOM 126u /* of the 128-byte TX FIFO: keep a margin as the ESP8266 ROM does */
#define ROM_SYNC_BAUD 115200u
/* In download mode the C3 runs from its 40 MHz crystal and UART0 is clocked by APB = 40 MHz.
 * Only used when the divider register reads 0 (never on a chip). */
#define ROM_UART_CLOCK 40000000u

/* ESP32-C3 ROM (esp32c3.rom.ld); the flash routines return 0 (ESP_ROM_SPIFLASH_RESULT_OK) on
 * success, 1 on error, 2 on timeout. */
typedef struct {
    uint32_t device_id;
    uint32_t chip_size;
    uint32_t block_size;
    uint32_t sector_size;
    uint32_t page_size;
    uint32_t status_mask;
} rom_flash_chip;

/* The ROM keeps its flash description behind a pointer; the chip record comes first. */
extern rom_flash_chip *rom_spiflash_legacy_data;
extern int uart_rx_one_char(uint8_t *c); /* 0 = a byte was read */
/* the ROM's "message exchange channel", the one uart_rx_one_char reads (uart_tx_one_char is the
 * printf channel; both are UART0 when the loader was reached over UART0) */
extern int uart_tx_one_char2(uint8_t c);
extern void uart_div_modify(uint8_t uart_no, uint32_t div_latch); /* (clock << 4) / baud */
extern void ets_delay_us(uint32_t us);
extern int esp_rom_spiflash_read(uint32_t addr, void *dst, int32_t len);
extern int esp_rom_spiflash_write(uint32_t addr, const void *src, int32_t len);
extern int esp_rom_spiflash_erase_sector(uint32_t sector);
extern int esp_rom_spiflash_erase_block(uint32_t block);
extern int esp_rom_spiflash_erase_chip(void);
extern int esp_rom_spiflash_unlock(void);
extern int esp_rom_spiflash_config_param(uint32_t id, uint32_t size, uint32_t block, uint32_t sector,
                                         uint32_t page, uint32_t status_mask);
extern void esp_rom_spiflash_attach(uint32_t config, int legacy);

static inline uint32_t reg(uint32_t addr) {
    return *(volatile uint32_t *)addr;
}

int hw_uart_getc(void) {
    uint8_t c;
    return uart_rx_one_char(&c) == 0 ? c : HW_RX_NONE;
}

void hw_uart_putc(uint8_t b) {
    uart_tx_one_char2(b);
}

int hw_uart_tx_ready(void) {
    return TXFIFO_COUNT(reg(UART_STATUS)) < TXFIFO_ROOM;
}

int hw_uart_rx_overflowed(void) {
    if ((reg(UART_INT_RAW) & RXFIFO_OVF) == 0) {
        return 0;
    }
    *(volatile uint32_t *)UART_INT_CLR = RXFIFO_OVF;
    return 1;
}

void hw_uart_drain(void) {
    while (TXFIFO_COUNT(reg(UART_STATUS)) != 0) {
    }
    ets_delay_us(2000); /* the FIFO empties before the shift register: let the last byte go */
}

void hw_uart_set_baud(uint32_t new_baud, uint32_t old_baud) {
    if (new_baud == 0) {
        return;
    }
    /* (clock << 4) = current divider in sixteenths x current baud: that holds whatever clock
     * source and pre-divider the ROM chose, so the new divider needs no clock constant. */
    uint32_t div = reg(UART_CLKDIV);
    uint32_t sixteenths = ((div & 0xFFFu) << 4) | ((div >> 20) & 0xFu);
    uint32_t clock16 = sixteenths ? sixteenths * (old_baud ? old_baud : ROM_SYNC_BAUD) : ROM_UART_CLOCK << 4;
    uart_div_modify(0, (clock16 + (new_baud >> 1)) / new_baud);
    ets_delay_us(1000);
}

uint32_t hw_flash_size(void) {
    return rom_spiflash_legacy_data->chip_size;
}

int hw_flash_read(uint32_t addr, void *buf, uint32_t len) {
    return esp_rom_spiflash_read(addr, buf, (int32_t)len);
}

int hw_flash_write(uint32_t addr, const void *buf, uint32_t len) {
    return esp_rom_spiflash_write(addr, buf, (int32_t)len);
}

int hw_flash_erase_sector(uint32_t sector_index) {
    return esp_rom_spiflash_erase_sector(sector_index);
}

int hw_flash_erase_block(uint32_t block_index) {
    return esp_rom_spiflash_erase_block(block_index);
}

int hw_flash_erase_chip(void) {
    return esp_rom_spiflash_erase_chip();
}

int hw_flash_unlock(void) {
    return esp_rom_spiflash_unlock();
}

void hw_flash_attach(uint32_t config) {
    esp_rom_spiflash_attach(config, 0);
}

int hw_flash_set_params(uint32_t id, uint32_t total_size, uint32_t block_size, uint32_t sector_size,
                        uint32_t page_size, uint32_t status_mask) {
    return esp_rom_spiflash_config_param(id, total_size, block_size, sector_size, page_size, status_mask);
}

uint32_t hw_reg_read(uint32_t addr) {
    return reg(addr);
}

void hw_reg_write(uint32_t addr, uint32_t value) {
    *(volatile uint32_t *)addr = value;
}

void hw_delay_us(uint32_t us) {
    ets_delay_us(us);
}

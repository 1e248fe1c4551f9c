/*
 * The ESP8266 side of hw.h: ROM routines (addresses in rom.ld) and two UART0 registers.
 *
 * Bytes move through the ROM's uart_rx_one_char / uart_tx_one_char rather than the FIFO
 * registers so the very same binary runs under QEMU, where a test ROM answers those calls
 * (QEMU's "sim" machine has plain RAM at 0x60000000, no UART). The registers read here
 * (STATUS for the TX count, CLKDIV) read as 0 in that RAM, which means "TX idle" and
 * "divider unknown": harmless there.
 */
#include "hw.h"
#include "util.h"

#define UART0_BASE 0x60000000u
#define UART_INT_RAW (UART0_BASE + 0x04u) /* bit 4: RX FIFO overflow (raw, set even when masked) */
#define UART_INT_CLR (UART0_BASE + 0x10u) /* write 1 to clear the raw bit */
#define UART_CLKDIV (UART0_BASE + 0x14u)  /* bits 0..19: APB clock / baud */
#define UART_STATUS (UART0_BASE + 0x1Cu)  /* bits 0..7 RX FIFO count, 16..23 TX FIFO count */
#define CLKDIV_MASK 0xFFFFFu
#define TXFIFO_COUNT(status) (((status) >> 16) & 0xFFu)
#define RXFIFO_OVF (1u << 4)
#define TXFIFO_ROOM 126u                    /* uart_tx_one_char waits while the count is at least this */
#define ROM_SYNC_BAUD 115200u               /* the ROM loader is always reached at this rate */

/* ESP8266 ROM (eagle.rom.addr.v6.ld); return 0 on success unless noted. */
typedef struct {
    uint32_t device_id;
    uint32_t chip_size;
    uint32_t block_size;
    uint32_t sector_size;
    uint32_t page_size;
    uint32_t status_mask;
} rom_flash_chip;

extern rom_flash_chip flashchip; /* the ROM's own flash description (0x3FFFC714) */
extern int uart_rx_one_char(uint8_t *c); /* 0 = a byte was read */
extern int uart_tx_one_char(uint8_t c);
extern void uart_div_modify(uint32_t uart_no, uint32_t divider);
extern void ets_delay_us(uint32_t us);
extern int SPIRead(uint32_t addr, void *dst, uint32_t len);
extern int SPIWrite(uint32_t addr, const void *src, uint32_t len);
extern int SPIEraseSector(uint32_t sector);
extern int SPIEraseBlock(uint32_t block);
extern int SPIEraseChip(void);
extern int SPIUnlock(void);
extern int SPIParamCfg(uint32_t id, uint32_t size, uint32_t block, uint32_t sector, uint32_t page,
                       uint32_t status_mask);

static inline uint32_t reg(uint32_t addr) {
    return *(volatile uint32_t *)addr;
}

int hw_uart_getc(void) {
    uint8_t c;
    return uart_rx_one_char(&c) == 0 ? c : HW_RX_NONE;
}

void hw_uart_putc(uint8_t b) {
    uart_tx_one_char(b);
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
    /* The ESP8266 cannot report its UART clock; the current divider times the current baud
     * rate gives it (the ROM tuned the divider to the host's 115200 at sync time). */
    uint32_t clock = (reg(UART_CLKDIV) & CLKDIV_MASK) * (old_baud ? old_baud : ROM_SYNC_BAUD);
    uart_div_modify(0, udiv(clock + (new_baud >> 1), new_baud, 0));
    ets_delay_us(1000);
}

uint32_t hw_flash_size(void) {
    return flashchip.chip_size;
}

int hw_flash_read(uint32_t addr, void *buf, uint32_t len) {
    return SPIRead(addr, buf, len);
}

int hw_flash_write(uint32_t addr, const void *buf, uint32_t len) {
    return SPIWrite(addr, buf, len);
}

int hw_flash_erase_sector(uint32_t sector_index) {
    return SPIEraseSector(sector_index);
}

int hw_flash_erase_block(uint32_t block_index) {
    return SPIEraseBlock(block_index);
}

int hw_flash_erase_chip(void) {
    return SPIEraseChip();
}

int hw_flash_unlock(void) {
    return SPIUnlock();
}

void hw_flash_attach(uint32_t config) {
    (void)config; /* the ESP8266 ROM loader has attached the flash already */
}

int hw_flash_set_params(uint32_t id, uint32_t total_size, uint32_t block_size, uint32_t sector_size,
                        uint32_t page_size, uint32_t status_mask) {
    return SPIParamCfg(id, total_size, block_size, sector_size, page_size, status_mask);
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

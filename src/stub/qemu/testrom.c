/* Implementations behind the test ROM's routine addresses (see testrom.S). */
#include <stdint.h>

#define SYS_EXIT 1
#define SYS_READ 3
#define SYS_WRITE 4
#define FLASH_RAM ((uint8_t *)0x40200000) /* 1 MiB of QEMU RAM stands for the SPI flash */
#define FLASH_RAM_SIZE 0x100000u

typedef struct {
    uint32_t device_id, chip_size, block_size, sector_size, page_size, status_mask;
} rom_flash_chip;

/* Same address as the real ROM's flashchip (0x3FFFC714): the stub reads chip_size from it. */
__attribute__((section(".flashchip"))) rom_flash_chip flashchip = {0x1440C8, FLASH_RAM_SIZE, 0x10000, 0x1000, 0x100,
                                                                    0xFFFF};

/* The last divider the stub asked for, for anyone inspecting memory with a debugger. */
volatile uint32_t trom_last_divider;

static int sim(int nr, int a, int b, int c) {
    register int a2 __asm__("a2") = nr;
    register int a3 __asm__("a3") = a;
    register int a4 __asm__("a4") = b;
    register int a5 __asm__("a5") = c;
    __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
    return a2;
}

/* UART: the semihosting console (QEMU's first serial device). Output is gathered and written
 * when the stub next looks for input or the buffer fills, so a frame costs one call, not one
 * per byte; input is read in the pieces QEMU has available. */
static uint8_t tx_buf[1024];
static uint32_t tx_len;
static uint8_t rx_buf[256];
static uint32_t rx_pos, rx_len;

void trom_uart_flush(void) {
    uint32_t done = 0;
    while (done < tx_len) {
        int n = sim(SYS_WRITE, 1, (int)(tx_buf + done), (int)(tx_len - done));
        if (n <= 0) {
            sim(SYS_EXIT, 90, 0, 0);
        }
        done += (uint32_t)n;
    }
    tx_len = 0;
}

int trom_uart_tx_one_char(uint8_t c) {
    tx_buf[tx_len++] = c;
    if (tx_len == sizeof tx_buf) {
        trom_uart_flush();
    }
    return 0;
}

int trom_uart_rx_one_char(uint8_t *c) {
    if (rx_pos == rx_len) {
        trom_uart_flush();
        int n = sim(SYS_READ, 0, (int)rx_buf, sizeof rx_buf);
        if (n <= 0) {
            return 1; /* nothing yet */
        }
        rx_pos = 0;
        rx_len = (uint32_t)n;
    }
    *c = rx_buf[rx_pos++];
    return 0;
}

void trom_uart_div_modify(uint32_t uart_no, uint32_t divider) {
    (void)uart_no;
    trom_last_divider = divider;
}

void trom_ets_delay_us(uint32_t us) {
    (void)us;
    trom_uart_flush();
}

static int bad_range(uint32_t addr, uint32_t len) {
    return addr > flashchip.chip_size || len > flashchip.chip_size - addr;
}

/* The real routines want word-aligned buffers and lengths; refuse anything else so a stub bug
 * shows up here rather than on a chip. */
static int misaligned(uint32_t addr, const void *buf, uint32_t len) {
    return ((addr | len | (uint32_t)buf) & 3u) != 0;
}

int trom_spi_read(uint32_t addr, uint32_t *dst, uint32_t len) {
    if (bad_range(addr, len) || misaligned(addr, dst, len)) {
        return 1;
    }
    const uint32_t *src = (const uint32_t *)(FLASH_RAM + addr);
    for (uint32_t i = 0; i < len / 4; i++) {
        dst[i] = src[i];
    }
    return 0;
}

int trom_spi_write(uint32_t addr, const uint32_t *src, uint32_t len) {
    if (bad_range(addr, len) || misaligned(addr, src, len)) {
        return 1;
    }
    uint32_t *dst = (uint32_t *)(FLASH_RAM + addr);
    for (uint32_t i = 0; i < len / 4; i++) {
        dst[i] &= src[i]; /* NOR flash: programming only clears bits */
    }
    return 0;
}

static int erase(uint32_t addr, uint32_t len) {
    if (bad_range(addr, len)) {
        return 1;
    }
    uint32_t *p = (uint32_t *)(FLASH_RAM + addr);
    for (uint32_t i = 0; i < len / 4; i++) {
        p[i] = 0xFFFFFFFFu;
    }
    return 0;
}

int trom_spi_erase_sector(uint32_t sector) {
    return erase(sector * 0x1000u, 0x1000u);
}

int trom_spi_erase_block(uint32_t block) {
    return erase(block * 0x10000u, 0x10000u);
}

int trom_spi_erase_chip(void) {
    return erase(0, flashchip.chip_size);
}

int trom_spi_unlock(void) {
    return 0;
}

int trom_spi_param_cfg(uint32_t id, uint32_t size, uint32_t block, uint32_t sector, uint32_t page, uint32_t mask) {
    if (size == 0 || size > FLASH_RAM_SIZE) {
        return 1;
    }
    flashchip.device_id = id;
    flashchip.chip_size = size;
    flashchip.block_size = block;
    flashchip.sector_size = sector;
    flashchip.page_size = page;
    flashchip.status_mask = mask;
    return 0;
}

void trom_init(void) {
    tx_len = 0;
    rx_pos = rx_len = 0;
}

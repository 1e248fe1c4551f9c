#include "hw_fake.h"

#include <stdlib.h>
#include <string.h>

#include "hw.h"

uint8_t fake_flash[FAKE_FLASH_SIZE];
uint32_t fake_flash_size = FAKE_FLASH_SIZE;
uint32_t fake_erase_sector_calls, fake_erase_block_calls;
uint32_t fake_baud_new, fake_baud_old;
uint32_t fake_attach_calls, fake_attach_config;
uint32_t fake_regs[16];

void (*fake_starve)(void);

static uint8_t *in_buf;
static size_t in_len, in_pos;
static uint8_t out_buf[4 << 20];
static size_t out_len;
uint32_t fake_tx_fifo, fake_writes_in_r, fake_writes_in_r_fed;
static uint32_t fifo_level, queued_since_write;
static size_t last_end; /* output position of the last SLIP END */

static void fifo_drain(uint32_t n) {
    fifo_level = fifo_level > n ? fifo_level - n : 0;
}

void fake_reset(void) {
    memset(fake_flash, 0x00, sizeof fake_flash); /* "never erased": a missing erase shows */
    fake_flash_size = FAKE_FLASH_SIZE;
    fake_erase_sector_calls = fake_erase_block_calls = 0;
    fake_baud_new = fake_baud_old = 0;
    fake_attach_calls = fake_attach_config = 0;
    memset(fake_regs, 0, sizeof fake_regs);
    free(in_buf);
    in_buf = NULL;
    in_len = in_pos = 0;
    out_len = 0;
    fake_starve = NULL;
    fake_tx_busy_every = 0;
    fake_rx_overflow = 0;
    fake_flash_writes = 0;
    fake_max_write = 0;
    fake_tx_fifo = fifo_level = 0;
    fake_writes_in_r = fake_writes_in_r_fed = 0;
    last_end = queued_since_write = 0;
}

void fake_input(const uint8_t *bytes, size_t len) {
    in_buf = realloc(in_buf, in_len + len);
    memcpy(in_buf + in_len, bytes, len);
    in_len += len;
}

const uint8_t *fake_output(size_t *len) {
    *len = out_len;
    return out_buf;
}

int hw_uart_getc(void) {
    if (in_pos == in_len && fake_starve) {
        fake_starve();
    }
    fifo_drain(1);
    return in_pos < in_len ? in_buf[in_pos++] : HW_RX_CLOSED;
}

void hw_uart_putc(uint8_t b) {
    if (fake_tx_fifo && fifo_level >= fake_tx_fifo) {
        abort(); /* the caller did not ask hw_uart_tx_ready */
    }
    if (b == 0xC0) {
        last_end = out_len;
    }
    if (out_len < sizeof out_buf) {
        out_buf[out_len++] = b;
    }
    fifo_level++;
    queued_since_write++;
}

/* A TX FIFO that is full on every fake_tx_busy_every-th look (0 = never): makes the caller poll
 * the receiver while it waits. */
uint32_t fake_tx_busy_every;
uint32_t fake_rx_overflow;
static uint32_t tx_looks;

int hw_uart_tx_ready(void) {
    if (fake_tx_fifo && fifo_level >= fake_tx_fifo) {
        fifo_drain(1);
        return 0;
    }
    return fake_tx_busy_every == 0 || ++tx_looks % fake_tx_busy_every != 0;
}

int hw_uart_rx_overflowed(void) {
    int r = fake_rx_overflow != 0;
    fake_rx_overflow = 0;
    return r;
}

void hw_uart_drain(void) {
}

void hw_uart_set_baud(uint32_t new_baud, uint32_t old_baud) {
    fake_baud_new = new_baud;
    fake_baud_old = old_baud;
}

uint32_t hw_flash_size(void) {
    return fake_flash_size;
}

static int aligned(uint32_t addr, const void *buf, uint32_t len) {
    return (addr & 3u) == 0 && ((uintptr_t)buf & 3u) == 0 && (len & 3u) == 0;
}

int hw_flash_read(uint32_t addr, void *buf, uint32_t len) {
    if (!aligned(addr, buf, len) || addr > fake_flash_size || len > fake_flash_size - addr) {
        return 1;
    }
    memcpy(buf, fake_flash + addr, len);
    fifo_drain(FAKE_TX_PER_FLASH_OP);
    return 0;
}

uint32_t fake_flash_writes, fake_max_write;

int hw_flash_write(uint32_t addr, const void *buf, uint32_t len) {
    if (!aligned(addr, buf, len) || addr > fake_flash_size || len > fake_flash_size - addr) {
        return 1;
    }
    fake_flash_writes++;
    if (out_len > 0 && out_buf[out_len - 1] != 0xC0 && out_buf[last_end + 1] == 'R') {
        fake_writes_in_r++;
        fake_writes_in_r_fed += queued_since_write > 0;
    }
    queued_since_write = 0;
    fifo_drain(FAKE_TX_PER_FLASH_OP);
    fake_max_write = len > fake_max_write ? len : fake_max_write;
    const uint8_t *p = buf;
    for (uint32_t i = 0; i < len; i++) {
        fake_flash[addr + i] &= p[i];
    }
    return 0;
}

int hw_flash_erase_sector(uint32_t sector_index) {
    if ((sector_index + 1) * 4096u > fake_flash_size) {
        return 1;
    }
    fake_erase_sector_calls++;
    fifo_level = 0;
    memset(fake_flash + sector_index * 4096u, 0xFF, 4096);
    return 0;
}

int hw_flash_erase_block(uint32_t block_index) {
    if ((block_index + 1) * 65536u > fake_flash_size) {
        return 1;
    }
    fake_erase_block_calls++;
    fifo_level = 0;
    memset(fake_flash + block_index * 65536u, 0xFF, 65536);
    return 0;
}

int hw_flash_erase_chip(void) {
    memset(fake_flash, 0xFF, fake_flash_size);
    return 0;
}

void hw_flash_attach(uint32_t config) {
    fake_attach_calls++;
    fake_attach_config = config;
}

int hw_flash_unlock(void) {
    return 0;
}

int hw_flash_set_params(uint32_t id, uint32_t total_size, uint32_t block_size, uint32_t sector_size,
                        uint32_t page_size, uint32_t status_mask) {
    (void)id;
    (void)block_size;
    (void)sector_size;
    (void)page_size;
    (void)status_mask;
    if (total_size == 0 || total_size > FAKE_FLASH_SIZE) {
        return 1;
    }
    fake_flash_size = total_size;
    return 0;
}

uint32_t hw_reg_read(uint32_t addr) {
    return (addr >= 0x60000000u && addr < 0x60000040u) ? fake_regs[(addr - 0x60000000u) / 4] : 0xDEADBEEFu;
}

void hw_reg_write(uint32_t addr, uint32_t value) {
    if (addr >= 0x60000000u && addr < 0x60000040u) {
        fake_regs[(addr - 0x60000000u) / 4] = value;
    }
}

void hw_delay_us(uint32_t us) {
    (void)us;
}

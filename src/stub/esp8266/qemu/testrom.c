/* Implementations behind the test ROM's routine addresses (see testrom.S). */
#include <stdint.h>

#define SYS_EXIT 1
#define SYS_READ 3
#define SYS_WRITE 4
#define FLASH_RAM ((uint8_t *)0x40200000) /* 1 MiB of QEMU RAM stands for the SPI flash */
#define FLASH_RAM_SIZE 0x100000u

#define FLASH_JEDEC_ID 0x1440C8u /* what RDID answers: GigaDevice (C8), type 40, 1 MiB (14) */

typedef struct {
    uint32_t device_id, chip_size, block_size, sector_size, page_size, status_mask;
} rom_flash_chip;

/* Same address as the real ROM's flashchip (0x3FFFC714): the stub reads chip_size from it. */
__attribute__((section(".flashchip"))) rom_flash_chip flashchip = {FLASH_JEDEC_ID, FLASH_RAM_SIZE, 0x10000, 0x1000,
                                                                    0x100, 0xFFFF};

/* The ROM word hosts read first to tell an ESP8266 from other chips (0x40001000). */
__attribute__((section(".rom.magic"), used)) const uint32_t trom_chip_magic = 0xFFF0C101u;

#define REG(addr) (*(volatile uint32_t *)(addr))

/* eFuse page: QEMU's sim machine maps nothing at 0x3FF00000, so loads there fault and the
 * exception handler (testrom.S) emulates them, answering from a shadow page in RAM QEMU does
 * have (0x3FF40000, unused otherwise). Tests preload the shadow with the eFuse words they want. */
#define EFUSE_PAGE 0x3FF00000u
#define EFUSE_SHADOW 0x3FF40000u
#define EFUSE_PAGE_SIZE 0x100u
#define EXCCAUSE_LOAD_STORE_PIF_ADDR_ERROR 15u /* how QEMU reports a load from unmapped space */

/* a0..a15 and SAR of the interrupted code while an exception is handled. */
uint32_t trom_regs[17];

/* Returns the PC after the emulated load, or 0 when the exception is not an eFuse load (then
 * the handler ends QEMU with 100 + EXCCAUSE). Knows L32I.N and L32I, what register reads use. */
uint32_t trom_emulate_load(uint32_t *regs, uint32_t cause, uint32_t vaddr, uint32_t pc) {
    if (cause != EXCCAUSE_LOAD_STORE_PIF_ADDR_ERROR || vaddr - EFUSE_PAGE >= EFUSE_PAGE_SIZE || (vaddr & 3u) != 0) {
        return 0;
    }
    uint32_t value = REG(EFUSE_SHADOW + (vaddr - EFUSE_PAGE));
    const volatile uint8_t *insn = (const volatile uint8_t *)pc;
    uint32_t op0 = insn[0] & 0xFu, t = insn[0] >> 4;
    if (op0 == 0x8u) { /* L32I.N at, as, imm4 */
        regs[t] = value;
        return pc + 2;
    }
    if (op0 == 0x2u && (insn[1] >> 4) == 0x2u) { /* L32I at, as, imm8 */
        regs[t] = value;
        return pc + 3;
    }
    return 0;
}

/* SPI0 user-command registers (plain RAM at 0x60000200 in QEMU). A host starts a command by
 * setting CMD bit 18 (USR) and polls until the hardware clears it; here the "hardware" runs each
 * time the stub polls the UART, i.e. after it has answered the WRITE_REG that set the bit and
 * before it reads the next request. Only RDID as the ROM-less hosts send it is modelled: command
 * 0x9F (8 bits), 24 bits read into W0. Anything else just completes without touching W0. */
#define SPI_CMD 0x60000200u
#define SPI_USER 0x6000021Cu
#define SPI_USER1 0x60000220u
#define SPI_USER2 0x60000224u
#define SPI_W0 0x60000240u
#define SPI_CMD_USR (1u << 18)
#define SPI_USR_COMMAND (1u << 31)
#define SPI_USR_MISO (1u << 28)

static void spi_model(void) {
    uint32_t cmd = REG(SPI_CMD);
    if ((cmd & SPI_CMD_USR) == 0) {
        return;
    }
    uint32_t user = REG(SPI_USER), user1 = REG(SPI_USER1), user2 = REG(SPI_USER2);
    int rdid = (user & SPI_USR_COMMAND) && (user & SPI_USR_MISO) && (user2 & 0xFFFFu) == 0x9Fu
               && (user2 >> 28) == 7u && ((user1 >> 8) & 0x1FFu) == 23u;
    if (rdid) {
        REG(SPI_W0) = FLASH_JEDEC_ID;
    }
    REG(SPI_CMD) = cmd & ~SPI_CMD_USR;
}

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
    spi_model();
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

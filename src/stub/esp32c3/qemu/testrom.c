/* Implementations behind the ESP32-C3 test ROM's jump table (see testrom.S), and its set-up. */
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define REG8(addr) (*(volatile uint8_t *)(addr))

/* QEMU virt devices */
#define VIRT_TEST 0x00100000u  /* finisher: 0x5555 = exit 0, (code << 16) | 0x3333 = exit code */
#define VIRT_UART 0x10000000u  /* 16550, QEMU's -serial stdio */
#define UART_RBR 0u
#define UART_THR 0u
#define UART_FCR 2u
#define UART_LSR 5u
#define LSR_DATA_READY 0x01u
#define LSR_THR_EMPTY 0x20u

/* Physical backing of the C3 address map (testrom.ld) */
#define PA_ROM_TABLE 0x80100000u
#define PA_DRAM_PAGE 0x80400000u   /* VA 0x3FC00000 */
#define PA_PERIPH_PAGE 0x80800000u /* VA 0x60000000 */
#define FLASH_BASE 0x81000000u     /* VA = PA */
#define FLASH_BACKING (4u << 20)

#define C3_DRAM 0x3FC80000u
#define C3_IRAM 0x40380000u
#define C3_SRAM_SIZE 0x60000u

/* What RDID answers: GigaDevice (C8), type 40, 4 MiB (16) */
#define FLASH_JEDEC_ID 0x1640C8u

typedef struct {
    uint32_t device_id, chip_size, block_size, sector_size, page_size, status_mask;
} rom_flash_chip;

/* The ROM's flash description lives in the ROM's own data area (0x3FCCAE00..); the word at
 * 0x3FCDFFF0 points to it, as in the real ROM. */
#define CHIP_RECORD ((rom_flash_chip *)0x3FCCB000u)
extern rom_flash_chip *rom_spiflash_legacy_data;

uint8_t trom_mstack[2048] __attribute__((aligned(16)));
uint8_t trom_sstack[2048] __attribute__((aligned(16)));
__asm__(".global trom_mstack_top\n .set trom_mstack_top, trom_mstack + 2048\n"
        ".global trom_sstack_top\n .set trom_sstack_top, trom_sstack + 2048");

static uint32_t root_table[1024] __attribute__((aligned(4096)));
static uint32_t rom_table[1024] __attribute__((aligned(4096)));

#define PTE_V 0x01u
#define PTE_RWX_AD 0xCEu /* R W X, accessed, dirty */

static uint32_t leaf(uint32_t pa) {
    return ((pa >> 12) << 10) | PTE_RWX_AD | PTE_V;
}

static void megapage(uint32_t va, uint32_t pa) {
    root_table[va >> 22] = leaf(pa);
}

/* Machine mode, before translation is on: returns the satp value. */
uint32_t trom_paging(void) {
    megapage(0x00000000u, 0x00000000u); /* the test finisher */
    megapage(VIRT_UART, VIRT_UART);
    for (uint32_t mb = 0; mb < 5; mb++) { /* this program, the entry slot, the flash */
        megapage(0x80000000u + (mb << 22), 0x80000000u + (mb << 22));
    }
    megapage(0x3FC00000u, PA_DRAM_PAGE);
    megapage(0x60000000u, PA_PERIPH_PAGE);
    /* 0x40000000..0x403FFFFF in 4 KiB pages: the ROM jump table, and IRAM as a second view of DRAM */
    root_table[0x40000000u >> 22] = (((uint32_t)rom_table >> 12) << 10) | PTE_V;
    rom_table[0] = leaf(PA_ROM_TABLE);
    for (uint32_t off = 0; off < C3_SRAM_SIZE; off += 4096) {
        rom_table[((C3_IRAM + off) >> 12) & 0x3FFu] = leaf(PA_DRAM_PAGE + (C3_DRAM - 0x3FC00000u) + off);
    }
    return 0x80000000u | ((uint32_t)root_table >> 12);
}

void trom_exit(uint32_t code) {
    REG(VIRT_TEST) = code == 0 ? 0x5555u : (code << 16) | 0x3333u;
    for (;;) {
    }
}

/* ---- machine-mode traps ---- */

static uint32_t shadow_mstatus = 0x1888u; /* MIE set, as the ROM loader may leave it */

/* Reads the trapping instruction through the supervisor's translation (mstatus.MPRV). */
static uint32_t fetch_insn(uint32_t va) {
    uint32_t lo, hi;
    __asm__ volatile("li t1, 0x20000\n csrs mstatus, t1\n lhu %0, 0(%2)\n lhu %1, 2(%2)\n csrc mstatus, t1"
                     : "=&r"(lo), "=&r"(hi)
                     : "r"(va)
                     : "t1", "memory");
    return lo | (hi << 16);
}

#define CAUSE_ILLEGAL_INSN 2u
#define CSR_MSTATUS 0x300u

uint32_t trom_trap(uint32_t *regs, uint32_t cause, uint32_t pc, uint32_t tval) {
    (void)tval;
    if (cause == CAUSE_ILLEGAL_INSN) {
        uint32_t insn = fetch_insn(pc);
        uint32_t funct3 = (insn >> 12) & 7u, rd = (insn >> 7) & 31u, rs1 = (insn >> 15) & 31u;
        if ((insn & 0x7Fu) == 0x73u && (insn >> 20) == CSR_MSTATUS && funct3 != 0 && funct3 != 4) {
            uint32_t operand = funct3 >= 5 ? rs1 : regs[rs1]; /* immediate forms carry a 5-bit value */
            uint32_t old = shadow_mstatus;
            switch (funct3 & 3u) {
            case 1: shadow_mstatus = operand; break;
            case 2: shadow_mstatus |= operand; break;
            case 3: shadow_mstatus &= ~operand; break;
            }
            if (rd != 0) {
                regs[rd] = old;
            }
            return pc + 4;
        }
    }
    trom_exit(100 + cause);
    return 0;
}

/* ---- supervisor mode: the ROM's routines ---- */

static int flash_attached;
volatile uint32_t trom_attach_config = 0xFFFFFFFFu;

void trom_init(void) {
    REG8(VIRT_UART + UART_FCR) = 0xC7; /* FIFOs on, RX trigger at 14 bytes: QEMU then hands over up to 14 bytes at a time */
    CHIP_RECORD->device_id = FLASH_JEDEC_ID;
    CHIP_RECORD->chip_size = FLASH_BACKING;
    CHIP_RECORD->block_size = 0x10000;
    CHIP_RECORD->sector_size = 0x1000;
    CHIP_RECORD->page_size = 0x100;
    CHIP_RECORD->status_mask = 0xFFFF;
    rom_spiflash_legacy_data = CHIP_RECORD;
    flash_attached = 0;
}

int trom_uart_tx_one_char2(uint8_t c) {
    while ((REG8(VIRT_UART + UART_LSR) & LSR_THR_EMPTY) == 0) {
    }
    REG8(VIRT_UART + UART_THR) = c;
    return 0;
}

int trom_uart_rx_one_char(uint8_t *c) {
    if ((REG8(VIRT_UART + UART_LSR) & LSR_DATA_READY) == 0) {
        return 1; /* nothing yet */
    }
    *c = REG8(VIRT_UART + UART_RBR);
    return 0;
}

/* As documented for the ROM routine: latch = (clock << 4) / baud, written to UART0's CLKDIV as
 * integer part (bits 0..11) and sixteenths (bits 20..23), so a host can read it back. */
void trom_uart_div_modify(uint8_t uart_no, uint32_t latch) {
    if (uart_no == 0) {
        REG(0x60000014u) = ((latch >> 4) & 0xFFFu) | ((latch & 0xFu) << 20);
    }
}

void trom_ets_delay_us(uint32_t us) {
    (void)us;
}

void trom_software_reset(void) {
    while ((REG8(VIRT_UART + UART_LSR) & LSR_THR_EMPTY) == 0) {
    }
    trom_exit(0);
}

void trom_stub_returned(void) {
    trom_exit(3);
}

/* Flash: refused until attached (the C3 ROM loader needs SPI_ATTACH first), outside the size
 * the ROM was told, and for unaligned addresses, buffers or lengths. */
static int refuse(uint32_t addr, const void *buf, uint32_t len) {
    uint32_t size = CHIP_RECORD->chip_size;
    return !flash_attached || addr > size || len > size - addr || ((addr | len | (uint32_t)buf) & 3u) != 0;
}

int trom_esp_rom_spiflash_read(uint32_t addr, uint32_t *dst, int32_t len) {
    if (len < 0 || refuse(addr, dst, (uint32_t)len)) {
        return 1;
    }
    const uint32_t *src = (const uint32_t *)(FLASH_BASE + addr);
    for (uint32_t i = 0; i < (uint32_t)len / 4; i++) {
        dst[i] = src[i];
    }
    return 0;
}

int trom_esp_rom_spiflash_write(uint32_t addr, const uint32_t *src, int32_t len) {
    if (len < 0 || refuse(addr, src, (uint32_t)len)) {
        return 1;
    }
    uint32_t *dst = (uint32_t *)(FLASH_BASE + addr);
    for (uint32_t i = 0; i < (uint32_t)len / 4; i++) {
        dst[i] &= src[i]; /* NOR flash: programming only clears bits */
    }
    return 0;
}

static int erase(uint32_t addr, uint32_t len) {
    if (refuse(addr, (const void *)0, len)) {
        return 1;
    }
    uint32_t *p = (uint32_t *)(FLASH_BASE + addr);
    for (uint32_t i = 0; i < len / 4; i++) {
        p[i] = 0xFFFFFFFFu;
    }
    return 0;
}

int trom_esp_rom_spiflash_erase_sector(uint32_t sector) {
    return erase(sector * 0x1000u, 0x1000u);
}

int trom_esp_rom_spiflash_erase_block(uint32_t block) {
    return erase(block * 0x10000u, 0x10000u);
}

int trom_esp_rom_spiflash_erase_chip(void) {
    return erase(0, CHIP_RECORD->chip_size);
}

int trom_esp_rom_spiflash_unlock(void) {
    return flash_attached ? 0 : 1;
}

int trom_esp_rom_spiflash_config_param(uint32_t id, uint32_t size, uint32_t block, uint32_t sector, uint32_t page,
                                       uint32_t mask) {
    if (size == 0 || size > FLASH_BACKING) {
        return 1;
    }
    CHIP_RECORD->device_id = id;
    CHIP_RECORD->chip_size = size;
    CHIP_RECORD->block_size = block;
    CHIP_RECORD->sector_size = sector;
    CHIP_RECORD->page_size = page;
    CHIP_RECORD->status_mask = mask;
    return 0;
}

void trom_esp_rom_spiflash_attach(uint32_t config, int legacy) {
    (void)legacy;
    trom_attach_config = config;
    flash_attached = 1;
}

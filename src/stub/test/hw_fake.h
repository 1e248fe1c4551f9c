/* A scripted stand-in for the chip used by host tests: NOR flash in an array (writes can only
 * clear bits), a UART whose input is a prepared byte string and whose output is recorded. */
#ifndef FLASHLINE_STUB_HW_FAKE_H
#define FLASHLINE_STUB_HW_FAKE_H

#include <stddef.h>
#include <stdint.h>

#define FAKE_FLASH_SIZE (1u << 20)

extern uint8_t fake_flash[FAKE_FLASH_SIZE];
extern uint32_t fake_flash_size;
extern uint32_t fake_erase_sector_calls, fake_erase_block_calls;
extern uint32_t fake_baud_new, fake_baud_old;
extern uint32_t fake_attach_calls, fake_attach_config;
extern uint32_t fake_regs[16]; /* registers at 0x60000000 + 4*i */

extern uint32_t fake_tx_busy_every; /* TX FIFO reported full on every n-th look (0 = never) */
extern uint32_t fake_rx_overflow;   /* non-zero: the next overflow check reports a lost byte */
extern uint32_t fake_flash_writes, fake_max_write; /* program calls, largest length */
/* A TX FIFO of fake_tx_fifo bytes (0 = endless): a look at a full FIFO lets one byte leave, a UART
 * read one, each flash read or page program FAKE_TX_PER_FLASH_OP, an erase all of them. */
#define FAKE_TX_PER_FLASH_OP 32u
extern uint32_t fake_tx_fifo;
/* program calls made while an 'R' frame was half sent, and how many of those had bytes queued
 * since the program before */
extern uint32_t fake_writes_in_r, fake_writes_in_r_fed;

/* Called when the scripted input is used up; it may add input (a host that reacts to output). */
extern void (*fake_starve)(void);

void fake_reset(void);
void fake_input(const uint8_t *bytes, size_t len);
const uint8_t *fake_output(size_t *len);

#endif

#include "writer.h"
#include "errors.h"
#include "hw.h"

#define SECTOR 4096u
#define BLOCK 65536u

static uint32_t stage_words[SECTOR / 4];
static uint32_t staged;       /* bytes waiting in stage_words */
static uint32_t next_addr;    /* flash address of stage_words[0] */
static uint32_t remaining;    /* bytes still expected */
static uint32_t erased_to;    /* everything below this (from the start sector) is erased */
static uint32_t region_end;   /* end of the write rounded up to a sector */
static uint8_t sticky;        /* first failure, reported again until the next begin */

/* Erases from *pos up to end; a 64 KiB block is used when it lies wholly below limit. */
static uint8_t erase_up_to(uint32_t *pos, uint32_t end, uint32_t limit) {
    while (*pos < end) {
        int rc;
        if ((*pos % BLOCK) == 0 && *pos + BLOCK <= limit) {
            rc = hw_flash_erase_block(*pos / BLOCK);
            if (rc == 0) {
                *pos += BLOCK;
            }
        } else {
            rc = hw_flash_erase_sector(*pos / SECTOR);
            if (rc == 0) {
                *pos += SECTOR;
            }
        }
        if (rc != 0) {
            return ERR_FAILED_SPI_OP;
        }
    }
    return ERR_OK;
}

static uint8_t flush_stage(void) {
    if (staged == 0) {
        return ERR_OK;
    }
    uint32_t len = (staged + 3u) & ~3u;
    uint8_t *bytes = (uint8_t *)stage_words;
    for (uint32_t i = staged; i < len; i++) {
        bytes[i] = 0xFF; /* programming 0xFF leaves NOR flash untouched */
    }
    uint8_t err = erase_up_to(&erased_to, next_addr + len, region_end);
    if (err == ERR_OK && hw_flash_write(next_addr, stage_words, len) != 0) {
        err = ERR_FAILED_SPI_OP;
    }
    next_addr += staged;
    staged = 0;
    return err;
}

void writer_begin(uint32_t offset, uint32_t total) {
    staged = 0;
    next_addr = offset;
    remaining = total;
    erased_to = offset & ~(SECTOR - 1u);
    region_end = (offset + total + SECTOR - 1u) & ~(SECTOR - 1u);
    sticky = ERR_OK;
}

uint32_t writer_remaining(void) {
    return remaining;
}

uint8_t writer_put(const uint8_t *data, uint32_t len) {
    if (sticky != ERR_OK) {
        return sticky;
    }
    if (len > remaining) {
        sticky = ERR_TOO_MUCH_DATA;
        return sticky;
    }
    remaining -= len;
    uint8_t *bytes = (uint8_t *)stage_words;
    while (len > 0) {
        uint32_t n = SECTOR - staged;
        if (n > len) {
            n = len;
        }
        for (uint32_t i = 0; i < n; i++) {
            bytes[staged + i] = data[i];
        }
        staged += n;
        data += n;
        len -= n;
        if (staged == SECTOR) {
            sticky = flush_stage();
            if (sticky != ERR_OK) {
                return sticky;
            }
        }
    }
    return ERR_OK;
}

uint8_t writer_finish(void) {
    if (sticky == ERR_OK) {
        sticky = flush_stage();
    }
    if (sticky == ERR_OK && remaining > 0) {
        return ERR_NOT_ENOUGH_DATA;
    }
    return sticky;
}

uint8_t erase_range(uint32_t offset, uint32_t len) {
    uint32_t pos = offset;
    return erase_up_to(&pos, offset + len, offset + len);
}

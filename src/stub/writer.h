/*
 * Turns a stream of bytes destined for [offset, offset + total) into erased-then-programmed
 * flash. Bytes are staged into 4 KiB pages so every SPIWrite gets an aligned buffer and a
 * length that is a multiple of 4; sectors are erased just before their first page is written
 * (64 KiB block erases where a whole block lies inside the region), so only the written range
 * is erased (the sector holding an unaligned offset is erased whole, as esptool's stub does).
 */
#ifndef FLASHLINE_STUB_WRITER_H
#define FLASHLINE_STUB_WRITER_H

#include <stdint.h>

void writer_begin(uint32_t offset, uint32_t total);
/* Accepts up to writer_remaining() bytes; more is ERR_TOO_MUCH_DATA. Returns a stub status. */
uint8_t writer_put(const uint8_t *data, uint32_t len);
uint32_t writer_remaining(void);
/* Writes the last partial page; ERR_NOT_ENOUGH_DATA if fewer than `total` bytes came. */
uint8_t writer_finish(void);
/* Erases [offset, offset + len) (both multiples of 4 KiB) with block erases where possible. */
uint8_t erase_range(uint32_t offset, uint32_t len);

#endif

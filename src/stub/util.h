/* Byte helpers shared by the stub's files (the stub links no C library). */
#ifndef FLASHLINE_STUB_UTIL_H
#define FLASHLINE_STUB_UTIL_H

#include <stdint.h>

static inline uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void put_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void mem_copy(uint8_t *dst, const uint8_t *src, uint32_t n) {
    while (n--) {
        *dst++ = *src++;
    }
}

static inline void mem_set(uint8_t *dst, uint8_t v, uint32_t n) {
    while (n--) {
        *dst++ = v;
    }
}

/* Unsigned division by shift and subtract: the lx106 has no divide instruction and Debian's
 * libgcc for it ships without __udivsi3. Only used off the hot paths. */
static inline uint32_t udiv(uint32_t n, uint32_t d, uint32_t *rem) {
    uint32_t q = 0, r = 0;
    for (int i = 31; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1u);
        if (r >= d) {
            r -= d;
            q |= 1u << i;
        }
    }
    if (rem) {
        *rem = r;
    }
    return q;
}

#endif

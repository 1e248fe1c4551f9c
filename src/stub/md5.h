/* MD5 (RFC 1321), written for the stub: small, no library calls, streaming. */
#ifndef FLASHLINE_STUB_MD5_H
#define FLASHLINE_STUB_MD5_H

#include <stdint.h>

typedef struct {
    uint32_t state[4];
    uint32_t count_lo; /* total bytes hashed, 64-bit split so no libgcc helpers are needed */
    uint32_t count_hi;
    uint8_t block[64];
} md5_ctx;

void md5_init(md5_ctx *c);
void md5_update(md5_ctx *c, const uint8_t *data, uint32_t len);
void md5_final(md5_ctx *c, uint8_t digest[16]);

#endif

#include "md5.h"
#include "util.h"

/* K[i] = floor(|sin(i + 1)| * 2^32), the RFC 1321 table. */
static const uint32_t K[64] = {
    0xd76aa478u, 0xe8c7b756u, 0x242070dbu, 0xc1bdceeeu,
    0xf57c0fafu, 0x4787c62au, 0xa8304613u, 0xfd469501u,
    0x698098d8u, 0x8b44f7afu, 0xffff5bb1u, 0x895cd7beu,
    0x6b901122u, 0xfd987193u, 0xa679438eu, 0x49b40821u,
    0xf61e2562u, 0xc040b340u, 0x265e5a51u, 0xe9b6c7aau,
    0xd62f105du, 0x02441453u, 0xd8a1e681u, 0xe7d3fbc8u,
    0x21e1cde6u, 0xc33707d6u, 0xf4d50d87u, 0x455a14edu,
    0xa9e3e905u, 0xfcefa3f8u, 0x676f02d9u, 0x8d2a4c8au,
    0xfffa3942u, 0x8771f681u, 0x6d9d6122u, 0xfde5380cu,
    0xa4beea44u, 0x4bdecfa9u, 0xf6bb4b60u, 0xbebfbc70u,
    0x289b7ec6u, 0xeaa127fau, 0xd4ef3085u, 0x04881d05u,
    0xd9d4d039u, 0xe6db99e5u, 0x1fa27cf8u, 0xc4ac5665u,
    0xf4292244u, 0x432aff97u, 0xab9423a7u, 0xfc93a039u,
    0x655b59c3u, 0x8f0ccc92u, 0xffeff47du, 0x85845dd1u,
    0x6fa87e4fu, 0xfe2ce6e0u, 0xa3014314u, 0x4e0811a1u,
    0xf7537e82u, 0xbd3af235u, 0x2ad7d2bbu, 0xeb86d391u,
};

/* Per-round rotation amounts: four per round, repeated four times within the round. */
static const uint8_t ROT[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};

static uint32_t rotl(uint32_t x, unsigned n) {
    return (x << n) | (x >> (32 - n));
}

static void md5_block(uint32_t st[4], const uint8_t *p) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++) {
        m[i] = le32(p + 4 * i);
    }
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        int round = i >> 4;
        if (round == 0) {
            f = (b & c) | (~b & d);
            g = i;
        } else if (round == 1) {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) & 15;
        } else if (round == 2) {
            f = b ^ c ^ d;
            g = (3 * i + 5) & 15;
        } else {
            f = c ^ (b | ~d);
            g = (7 * i) & 15;
        }
        uint32_t t = d;
        d = c;
        c = b;
        b = b + rotl(a + f + K[i] + m[g], ROT[(round << 2) | (i & 3)]);
        a = t;
    }
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
}

void md5_init(md5_ctx *c) {
    c->state[0] = 0x67452301u;
    c->state[1] = 0xefcdab89u;
    c->state[2] = 0x98badcfeu;
    c->state[3] = 0x10325476u;
    c->count_lo = 0;
    c->count_hi = 0;
}

void md5_update(md5_ctx *c, const uint8_t *data, uint32_t len) {
    uint32_t used = c->count_lo & 63;
    uint32_t before = c->count_lo;
    c->count_lo += len;
    if (c->count_lo < before) {
        c->count_hi++;
    }
    while (len > 0) {
        if (used == 0 && len >= 64) {
            md5_block(c->state, data);
            data += 64;
            len -= 64;
            continue;
        }
        uint32_t take = 64 - used;
        if (take > len) {
            take = len;
        }
        mem_copy(c->block + used, data, take);
        used += take;
        data += take;
        len -= take;
        if (used == 64) {
            md5_block(c->state, c->block);
            used = 0;
        }
    }
}

void md5_final(md5_ctx *c, uint8_t digest[16]) {
    uint32_t lo = c->count_lo << 3;
    uint32_t hi = (c->count_hi << 3) | (c->count_lo >> 29);
    uint8_t pad[72];
    uint32_t used = c->count_lo & 63;
    uint32_t padlen = (used < 56) ? (56 - used) : (120 - used);
    mem_set(pad, 0, sizeof pad);
    pad[0] = 0x80;
    md5_update(c, pad, padlen);
    uint8_t bits[8];
    put_le32(bits, lo);
    put_le32(bits + 4, hi);
    md5_update(c, bits, 8);
    for (int i = 0; i < 4; i++) {
        put_le32(digest + 4 * i, c->state[i]);
    }
}

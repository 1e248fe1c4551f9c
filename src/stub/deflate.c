/* See deflate.h. Written for the stub from RFC 1951; no table larger than a few bytes. */
#include "deflate.h"

#include "util.h"

#define RING_MASK (DEFL_RING - 1u)
#define MIN_MATCH 3u
#define MAX_MATCH 258u
#define MAX_CHAIN 8u

void deflate_init(deflate_state *s, uint32_t *work, uint8_t *out) {
    uint8_t *w = (uint8_t *)work;
    s->ring = w;
    s->head = (uint16_t *)(w + DEFL_RING);
    s->prev = (uint16_t *)(w + DEFL_RING + 2u * DEFL_HASH_SIZE);
    s->out = out;
    s->poll = 0;
    s->out_len = 0;
    s->bitbuf = 0;
    s->bitcnt = 0;
    s->pos = 0;
    /* stale entries are harmless (every candidate is checked by distance and by its bytes), but
     * zeroing keeps the output independent of what the window held before */
    mem_set((uint8_t *)s->head, 0, 2u * DEFL_HASH_SIZE);
}

uint8_t *deflate_input(deflate_state *s) {
    return s->ring + (s->pos & RING_MASK);
}

static void put_bits(deflate_state *s, uint32_t value, uint32_t n) {
    s->bitbuf |= value << s->bitcnt;
    s->bitcnt += n;
    while (s->bitcnt >= 8u) {
        s->out[s->out_len++] = (uint8_t)s->bitbuf;
        s->bitbuf >>= 8;
        s->bitcnt -= 8u;
    }
}

/* Huffman codes go out most significant bit first, the rest of DEFLATE least significant first. */
static void put_code(deflate_state *s, uint32_t code, uint32_t n) {
    uint32_t r = 0;
    for (uint32_t i = 0; i < n; i++) {
        r = (r << 1) | ((code >> i) & 1u);
    }
    put_bits(s, r, n);
}

/* Fixed literal/length code (RFC 1951 3.2.6). */
static void put_symbol(deflate_state *s, uint32_t sym) {
    if (sym < 144u) {
        put_code(s, 0x30u + sym, 8);
    } else if (sym < 256u) {
        put_code(s, 0x190u + sym - 144u, 9);
    } else if (sym < 280u) {
        put_code(s, sym - 256u, 7);
    } else {
        put_code(s, 0xC0u + sym - 280u, 8);
    }
}

static uint32_t top_bit(uint32_t v) {
    uint32_t b = 0;
    while (v >>= 1) {
        b++;
    }
    return b;
}

/* Length 3..258 and distance 1..32768 as symbols plus extra bits, computed instead of tabled. */
static void put_match(deflate_state *s, uint32_t len, uint32_t dist) {
    uint32_t l = len - MIN_MATCH;
    if (len == MAX_MATCH) {
        put_symbol(s, 285);
    } else if (l < 8u) {
        put_symbol(s, 257u + l);
    } else {
        uint32_t e = top_bit(l) - 2u;
        put_symbol(s, 257u + 4u * e + 4u + ((l >> e) & 3u));
        put_bits(s, l & ((1u << e) - 1u), e);
    }
    uint32_t d = dist - 1u;
    if (d < 4u) {
        put_code(s, d, 5);
    } else {
        uint32_t e = top_bit(d) - 1u;
        put_code(s, 2u * e + 2u + ((d >> e) & 1u), 5);
        put_bits(s, d & ((1u << e) - 1u), e);
    }
}

static uint32_t hash_at(const deflate_state *s, uint32_t p) {
    uint32_t v = (uint32_t)s->ring[p & RING_MASK] | ((uint32_t)s->ring[(p + 1u) & RING_MASK] << 8) |
                 ((uint32_t)s->ring[(p + 2u) & RING_MASK] << 16);
    return (v * 2654435761u) >> (32u - DEFL_HASH_BITS);
}

static void insert(deflate_state *s, uint32_t p, uint32_t h) {
    s->prev[p & (DEFL_CHUNK - 1u)] = s->head[h];
    s->head[h] = (uint16_t)p;
}

/* Longest earlier match for position p (absolute) with at most max bytes; 0 if under 3. */
static uint32_t longest(const deflate_state *s, uint32_t p, uint32_t h, uint32_t max, uint32_t *dist) {
    uint32_t best = 0, last_d = 0, stored = s->head[h];
    for (uint32_t probe = 0; probe < MAX_CHAIN; probe++) {
        uint32_t d = (p - stored) & 0xFFFFu;
        if (d <= last_d || d > DEFL_CHUNK || d > p) {
            break; /* older than the window, before the stream, or a recycled slot */
        }
        uint32_t c = p - d, n = 0;
        while (n < max && s->ring[(c + n) & RING_MASK] == s->ring[(p + n) & RING_MASK]) {
            n++;
        }
        if (n > best) {
            best = n;
            *dist = d;
            if (n == max) {
                break;
            }
        }
        last_d = d;
        stored = s->prev[c & (DEFL_CHUNK - 1u)];
    }
    return best >= MIN_MATCH ? best : 0;
}

static void stored_block(deflate_state *s, uint32_t start, uint32_t len, int last) {
    put_bits(s, last ? 1u : 0u, 3);
    if (s->bitcnt > 0) {
        put_bits(s, 0, 8u - s->bitcnt);
    }
    put_bits(s, len & 0xFFFFu, 16);
    put_bits(s, ~len & 0xFFFFu, 16);
    mem_copy(s->out + s->out_len, s->ring + (start & RING_MASK), len);
    s->out_len += len;
}

void deflate_chunk(deflate_state *s, uint32_t len, int last) {
    uint32_t start = s->pos, end = s->pos + len;
    uint32_t save_len = s->out_len, save_buf = s->bitbuf, save_cnt = s->bitcnt;
    uint32_t limit = save_len + len + 5u; /* what a stored block would cost */
    int fits = 1;
    put_bits(s, (last ? 1u : 0u) | (1u << 1), 3); /* BFINAL, BTYPE = 01 (fixed Huffman) */
    uint32_t p = start, next_poll = start + DEFL_POLL_EVERY;
    while (p < end && fits) {
        uint32_t len_here = 0, dist = 0;
        if (p >= next_poll && s->poll) {
            s->poll();
            next_poll = p + DEFL_POLL_EVERY;
        }
        if (p + MIN_MATCH <= end) {
            uint32_t h = hash_at(s, p);
            uint32_t max = end - p < MAX_MATCH ? end - p : MAX_MATCH;
            len_here = longest(s, p, h, max, &dist);
            insert(s, p, h);
        }
        if (len_here) {
            put_match(s, len_here, dist);
            for (uint32_t i = 1; i < len_here; i++) {
                if (p + i + MIN_MATCH <= end) {
                    insert(s, p + i, hash_at(s, p + i));
                }
            }
            p += len_here;
        } else {
            put_symbol(s, s->ring[p & RING_MASK]);
            p++;
        }
        fits = s->out_len <= limit;
    }
    if (fits) {
        put_symbol(s, 256); /* end of block */
        fits = s->out_len <= limit;
    }
    if (!fits) { /* back to this chunk's start: bytes before save_len (a frame being sent) stay */
        s->out_len = save_len;
        s->bitbuf = save_buf;
        s->bitcnt = save_cnt;
        stored_block(s, start, len, last);
    }
    if (last && s->bitcnt > 0) {
        put_bits(s, 0, 8u - s->bitcnt);
    }
    s->pos = end;
}

static void pad_to_byte(deflate_state *s) {
    if (s->bitcnt > 0) {
        put_bits(s, 0, 8u - s->bitcnt);
    }
}

void deflate_sync(deflate_state *s) {
    put_bits(s, 0, 3); /* BFINAL 0, BTYPE 00 (stored) */
    pad_to_byte(s);
    put_bits(s, 0x0000u, 16);
    put_bits(s, 0xFFFFu, 16);
}

void deflate_end(deflate_state *s) {
    put_bits(s, 1u | (1u << 1), 3); /* BFINAL 1, fixed Huffman */
    put_symbol(s, 256);
    pad_to_byte(s);
}

void deflate_consume(deflate_state *s, uint32_t n) {
    mem_copy(s->out, s->out + n, s->out_len - n);
    s->out_len -= n;
}

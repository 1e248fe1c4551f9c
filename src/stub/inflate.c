#include "inflate.h"
#include "util.h"

enum {
    S_ZLIB_HEADER,
    S_BLOCK_HEADER,
    S_STORED_LENGTHS,
    S_STORED_COPY,
    S_TABLE_COUNTS,
    S_TABLE_CODE_LENGTHS,
    S_TABLE_LENGTHS,
    S_TABLE_REPEAT,
    S_SYMBOL,
    S_LENGTH_EXTRA,
    S_DISTANCE,
    S_DISTANCE_EXTRA,
    S_ADLER,
    S_RAW_END,
    S_DONE,
    S_FAILED
};

#define NEED_MORE_BITS (-1)
#define BAD_CODE (-2)

static const uint16_t LEN_BASE[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                      31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t LEN_EXTRA[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t DIST_BASE[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                       33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                       1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t DIST_EXTRA[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
/* Order in which the code-length code lengths are sent (RFC 1951 3.2.7). */
static const uint8_t CL_ORDER[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/* Pulls whole input bytes into the bit buffer until it holds n bits or the input runs dry. */
static int need(inflate_state *s, uint32_t n) {
    while (s->bitcnt < n && s->bitcnt <= 24 && s->in_left > 0) {
        s->bitbuf |= (uint32_t)*s->in++ << s->bitcnt;
        s->in_left--;
        s->bitcnt += 8;
    }
    return s->bitcnt >= n;
}

static uint32_t take(inflate_state *s, uint32_t n) {
    uint32_t v = s->bitbuf & ((1u << n) - 1u);
    s->bitbuf >>= n;
    s->bitcnt -= n;
    return v;
}

/* Canonical Huffman tables in the form count-per-length plus symbols sorted by code. Returns 0,
 * or -1 when the lengths over-subscribe the code space. Incomplete codes are accepted; a code
 * that is not present is reported when it is met in the stream. */
static int build(uint16_t *count, uint16_t *symbol, const uint8_t *lengths, uint32_t n) {
    uint16_t offs[16];
    for (int i = 0; i < 16; i++) {
        count[i] = 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        count[lengths[i]]++;
    }
    int left = 1;
    for (int len = 1; len < 16; len++) {
        left <<= 1;
        left -= count[len];
        if (left < 0) {
            return -1;
        }
    }
    offs[1] = 0;
    for (int len = 1; len < 15; len++) {
        offs[len + 1] = offs[len] + count[len];
    }
    for (uint32_t i = 0; i < n; i++) {
        if (lengths[i] != 0) {
            symbol[offs[lengths[i]]++] = (uint16_t)i;
        }
    }
    return 0;
}

/* Decodes one symbol bit by bit (DEFLATE sends Huffman codes most significant bit first).
 * Consumes nothing unless a whole code is available. */
static int decode(inflate_state *s, const uint16_t *count, const uint16_t *symbol) {
    need(s, 15);
    int code = 0, first = 0, index = 0;
    for (uint32_t len = 1; len <= 15; len++) {
        if (len > s->bitcnt) {
            return NEED_MORE_BITS;
        }
        code |= (int)((s->bitbuf >> (len - 1)) & 1u);
        int n = count[len];
        if (code - n < first) {
            take(s, len);
            return symbol[index + (code - first)];
        }
        index += n;
        first += n;
        first <<= 1;
        code <<= 1;
    }
    return BAD_CODE;
}

static uint8_t flush(inflate_state *s) {
    uint32_t n = s->out_total - s->out_flushed;
    if (n == 0 || s->sink_error) {
        return s->sink_error;
    }
    uint32_t start = s->out_flushed & (INF_WINDOW - 1);
    s->out_flushed = s->out_total;
    s->sink_error = s->sink(s->sink_ctx, s->window + start, n);
    return s->sink_error;
}

static uint8_t emit(inflate_state *s, uint8_t b) {
    s->window[s->out_total & (INF_WINDOW - 1)] = b;
    s->out_total++;
    uint32_t a = s->adler_a + b;
    if (a >= 65521u) {
        a -= 65521u;
    }
    uint32_t sum = s->adler_b + a;
    if (sum >= 65521u) {
        sum -= 65521u;
    }
    s->adler_a = a;
    s->adler_b = sum;
    if ((s->out_total & 4095u) == 0) {
        return flush(s);
    }
    return 0;
}

static void fixed_tables(inflate_state *s) {
    for (int i = 0; i < 288; i++) {
        s->lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    }
    build(s->len_count, s->len_sym, s->lengths, 288);
    for (int i = 0; i < 30; i++) {
        s->lengths[i] = 5;
    }
    build(s->dist_count, s->dist_sym, s->lengths, 30);
}

void inflate_init(inflate_state *s, uint8_t *window, inflate_sink sink, void *ctx) {
    uint8_t *p = (uint8_t *)s;
    for (uint32_t i = 0; i < sizeof *s; i++) {
        p[i] = 0;
    }
    s->window = window;
    s->sink = sink;
    s->sink_ctx = ctx;
    s->adler_a = 1;
    s->state = S_ZLIB_HEADER;
}

void inflate_init_raw(inflate_state *s, uint8_t *window, inflate_sink sink, void *ctx) {
    inflate_init(s, window, sink, ctx);
    s->raw = 1;
    s->state = S_BLOCK_HEADER;
}

int inflate_finished(const inflate_state *s) {
    return s->state == S_DONE;
}

static int fail(inflate_state *s) {
    s->state = S_FAILED;
    return INF_ERR_DATA;
}

/* Runs the state machine until the input is used up, the stream ends, or an error. */
static int run(inflate_state *s) {
    for (;;) {
        switch (s->state) {
        case S_ZLIB_HEADER: {
            if (!need(s, 16)) {
                return INF_NEED_MORE;
            }
            uint32_t cmf = take(s, 8);
            uint32_t flg = take(s, 8);
            /* method 8 = deflate, window <= 32 KiB, header check, no preset dictionary */
            uint32_t check;
            udiv((cmf << 8) | flg, 31u, &check);
            if ((cmf & 15u) != 8 || (cmf >> 4) > 7 || check != 0 || (flg & 0x20u)) {
                return fail(s);
            }
            s->state = S_BLOCK_HEADER;
            break;
        }
        case S_BLOCK_HEADER: {
            if (!need(s, 3)) {
                return INF_NEED_MORE;
            }
            s->last_block = (int)take(s, 1);
            uint32_t type = take(s, 2);
            if (type == 0) {
                take(s, s->bitcnt & 7u); /* stored blocks start on a byte boundary */
                s->state = S_STORED_LENGTHS;
            } else if (type == 1) {
                fixed_tables(s);
                s->state = S_SYMBOL;
            } else if (type == 2) {
                s->state = S_TABLE_COUNTS;
            } else {
                return fail(s);
            }
            break;
        }
        case S_STORED_LENGTHS: {
            if (!need(s, 16)) {
                return INF_NEED_MORE;
            }
            if (s->bitcnt < 32 && !need(s, 32)) {
                return INF_NEED_MORE;
            }
            uint32_t len = take(s, 16);
            uint32_t nlen = take(s, 16);
            if ((len ^ 0xFFFFu) != nlen) {
                return fail(s);
            }
            s->stored_left = len;
            s->state = S_STORED_COPY;
            break;
        }
        case S_STORED_COPY: {
            while (s->stored_left > 0) {
                uint8_t b;
                if (s->bitcnt >= 8) {
                    b = (uint8_t)take(s, 8);
                } else if (s->in_left > 0) {
                    b = *s->in++;
                    s->in_left--;
                } else {
                    return INF_NEED_MORE;
                }
                s->stored_left--;
                if (emit(s, b)) {
                    return INF_ERR_SINK;
                }
            }
            s->state = !s->last_block ? S_BLOCK_HEADER : s->raw ? S_RAW_END : S_ADLER;
            break;
        }
        case S_TABLE_COUNTS: {
            if (!need(s, 14)) {
                return INF_NEED_MORE;
            }
            s->nlen = take(s, 5) + 257;
            s->ndist = take(s, 5) + 1;
            s->ncode = take(s, 4) + 4;
            if (s->nlen > 286 || s->ndist > 30) {
                return fail(s);
            }
            for (int i = 0; i < 19; i++) {
                s->lengths[i] = 0;
            }
            s->idx = 0;
            s->state = S_TABLE_CODE_LENGTHS;
            break;
        }
        case S_TABLE_CODE_LENGTHS: {
            while (s->idx < s->ncode) {
                if (!need(s, 3)) {
                    return INF_NEED_MORE;
                }
                s->lengths[CL_ORDER[s->idx++]] = (uint8_t)take(s, 3);
            }
            /* the code-length code lives in the distance table slots until the real ones exist */
            if (build(s->dist_count, s->dist_sym, s->lengths, 19) != 0) {
                return fail(s);
            }
            s->idx = 0;
            s->state = S_TABLE_LENGTHS;
            break;
        }
        case S_TABLE_LENGTHS: {
            uint32_t total = s->nlen + s->ndist;
            while (s->idx < total) {
                int sym = decode(s, s->dist_count, s->dist_sym);
                if (sym == NEED_MORE_BITS) {
                    return INF_NEED_MORE;
                }
                if (sym < 0) {
                    return fail(s);
                }
                if (sym < 16) {
                    s->lengths[s->idx++] = (uint8_t)sym;
                } else {
                    s->sym = (uint32_t)sym;
                    s->state = S_TABLE_REPEAT;
                    break;
                }
            }
            if (s->state == S_TABLE_REPEAT) {
                break;
            }
            if (s->lengths[256] == 0) {
                return fail(s); /* a block must be able to end */
            }
            if (build(s->len_count, s->len_sym, s->lengths, s->nlen) != 0 ||
                build(s->dist_count, s->dist_sym, s->lengths + s->nlen, s->ndist) != 0) {
                return fail(s);
            }
            s->state = S_SYMBOL;
            break;
        }
        case S_TABLE_REPEAT: {
            uint32_t bits = s->sym == 16 ? 2 : s->sym == 17 ? 3 : 7;
            if (!need(s, bits)) {
                return INF_NEED_MORE;
            }
            uint32_t times = take(s, bits) + (s->sym == 16 ? 3 : s->sym == 17 ? 3 : 11);
            uint8_t value = 0;
            if (s->sym == 16) {
                if (s->idx == 0) {
                    return fail(s);
                }
                value = s->lengths[s->idx - 1];
            }
            if (s->idx + times > s->nlen + s->ndist) {
                return fail(s);
            }
            while (times--) {
                s->lengths[s->idx++] = value;
            }
            s->state = S_TABLE_LENGTHS;
            break;
        }
        case S_SYMBOL: {
            int sym = decode(s, s->len_count, s->len_sym);
            if (sym == NEED_MORE_BITS) {
                return INF_NEED_MORE;
            }
            if (sym < 0 || sym > 285) {
                return fail(s);
            }
            if (sym < 256) {
                if (emit(s, (uint8_t)sym)) {
                    return INF_ERR_SINK;
                }
            } else if (sym == 256) {
                s->state = !s->last_block ? S_BLOCK_HEADER : s->raw ? S_RAW_END : S_ADLER;
            } else {
                s->sym = (uint32_t)(sym - 257);
                s->state = S_LENGTH_EXTRA;
            }
            break;
        }
        case S_LENGTH_EXTRA: {
            uint32_t bits = LEN_EXTRA[s->sym];
            if (!need(s, bits)) {
                return INF_NEED_MORE;
            }
            s->pending = LEN_BASE[s->sym] + take(s, bits);
            s->state = S_DISTANCE;
            break;
        }
        case S_DISTANCE: {
            int sym = decode(s, s->dist_count, s->dist_sym);
            if (sym == NEED_MORE_BITS) {
                return INF_NEED_MORE;
            }
            if (sym < 0 || sym > 29) {
                return fail(s);
            }
            s->sym = (uint32_t)sym;
            s->state = S_DISTANCE_EXTRA;
            break;
        }
        case S_DISTANCE_EXTRA: {
            uint32_t bits = DIST_EXTRA[s->sym];
            if (!need(s, bits)) {
                return INF_NEED_MORE;
            }
            uint32_t dist = DIST_BASE[s->sym] + take(s, bits);
            if (dist > s->out_total) {
                return fail(s); /* reaches before the start of the output */
            }
            for (uint32_t n = s->pending; n > 0; n--) {
                if (emit(s, s->window[(s->out_total - dist) & (INF_WINDOW - 1)])) {
                    return INF_ERR_SINK;
                }
            }
            s->state = S_SYMBOL;
            break;
        }
        case S_ADLER: {
            take(s, s->bitcnt & 7u);
            if (!need(s, 16)) {
                return INF_NEED_MORE;
            }
            if (s->bitcnt < 32 && !need(s, 32)) {
                return INF_NEED_MORE;
            }
            uint32_t v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | take(s, 8); /* stored most significant byte first */
            }
            if (v != ((s->adler_b << 16) | s->adler_a)) {
                return fail(s);
            }
            s->state = S_DONE;
            break;
        }
        case S_RAW_END:
            take(s, s->bitcnt & 7u); /* the final block's last byte is padded */
            s->state = S_DONE;
            break;
        case S_DONE:
            return (s->in_left > 0 || s->bitcnt >= 8) ? INF_ERR_EXTRA : INF_DONE;
        default:
            return INF_ERR_DATA;
        }
    }
}

int inflate_feed(inflate_state *s, const uint8_t *in, uint32_t len) {
    s->in = in;
    s->in_left = len;
    int r = run(s);
    if (r == INF_ERR_SINK) {
        s->state = S_FAILED;
        return r;
    }
    if (r >= 0 && flush(s) != 0) {
        s->state = S_FAILED;
        return INF_ERR_SINK;
    }
    return r;
}

/*
 * Streaming zlib (RFC 1950) / DEFLATE (RFC 1951) decoder written for the stub (zlib-wrapped for
 * FLASH_DEFL_*, raw for READ_WRITE_DEFL).
 * Input arrives in arbitrary pieces (one FLASH_DEFL_DATA block at a time); the decoder keeps all
 * of its state between pieces, so a Huffman code or a length/distance pair may straddle two
 * blocks. Output goes through a 32 KiB history window to a sink, in runs that never cross a
 * 4 KiB boundary of the output stream (the sink writes flash in 4 KiB pages).
 */
#ifndef FLASHLINE_STUB_INFLATE_H
#define FLASHLINE_STUB_INFLATE_H

#include <stdint.h>

#define INF_WINDOW 32768u

/* Returns 0 to continue, or a non-zero stub error code that stops decoding. */
typedef uint8_t (*inflate_sink)(void *ctx, const uint8_t *data, uint32_t len);

enum {
    INF_NEED_MORE = 0, /* every input byte consumed, stream not finished */
    INF_DONE = 1,      /* stream finished, checksum good, no bytes left over */
    INF_ERR_DATA = -1, /* malformed stream or bad Adler-32 */
    INF_ERR_SINK = -2, /* the sink refused output: see sink_error */
    INF_ERR_EXTRA = -3 /* bytes after the end of the zlib stream */
};

typedef struct {
    uint8_t *window; /* INF_WINDOW bytes, 4-byte aligned, owned by the caller */
    inflate_sink sink;
    void *sink_ctx;
    uint8_t sink_error;

    int state;
    const uint8_t *in;
    uint32_t in_left;
    uint32_t bitbuf;
    uint32_t bitcnt;
    int last_block;
    int raw; /* no zlib header or Adler-32 around the DEFLATE blocks */

    uint32_t stored_left;
    uint32_t nlen, ndist, ncode, idx;
    uint32_t pending; /* length being built, or repeat symbol being expanded */
    uint32_t sym;

    uint32_t out_total; /* bytes produced so far */
    uint32_t out_flushed;
    uint32_t adler_a, adler_b;

    uint8_t lengths[320];
    uint16_t len_count[16], len_sym[288];
    uint16_t dist_count[16], dist_sym[32];
} inflate_state;

void inflate_init(inflate_state *s, uint8_t *window, inflate_sink sink, void *ctx);
/* The same for a raw DEFLATE stream (RFC 1951 only), as READ_WRITE_DEFL sends. */
void inflate_init_raw(inflate_state *s, uint8_t *window, inflate_sink sink, void *ctx);
int inflate_feed(inflate_state *s, const uint8_t *in, uint32_t len);
int inflate_finished(const inflate_state *s);

#endif

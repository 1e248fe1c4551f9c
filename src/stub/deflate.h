/*
 * Raw DEFLATE (RFC 1951) compressor for READ_FLASH_DEFL, sized for the stub: input arrives in
 * 4 KiB chunks; each chunk becomes one block, fixed-Huffman (LZ77 over the last 4 KiB through a
 * small hash chain) or stored when that would be shorter (random data grows by 5 bytes per chunk
 * at most). All memory is caller-owned: READ_FLASH_DEFL borrows the inflate window for tables and
 * output (DEFL_WORK_BYTES); READ_WRITE_DEFL, which inflates at the same time, has its own tables
 * and a smaller output buffer.
 */
#ifndef FLASHLINE_STUB_DEFLATE_H
#define FLASHLINE_STUB_DEFLATE_H

#include <stdint.h>

#define DEFL_CHUNK 4096u                 /* input per block; also the longest match distance */
#define DEFL_RING (2u * DEFL_CHUNK)      /* this chunk and the one before it */
#define DEFL_HASH_BITS 11u
#define DEFL_HASH_SIZE (1u << DEFL_HASH_BITS)
#define DEFL_OUT_RESERVE 4096u           /* output the caller may leave unsent before a chunk */
#define DEFL_OUT_CAP (DEFL_OUT_RESERVE + DEFL_CHUNK + 64u)
#define DEFL_TABLE_BYTES (DEFL_RING + 2u * DEFL_HASH_SIZE + 2u * DEFL_CHUNK) /* history and chains */
#define DEFL_WORK_BYTES (DEFL_TABLE_BYTES + DEFL_OUT_CAP)
#define DEFL_POLL_EVERY 256u /* input positions between calls of the poll hook */

typedef struct {
    uint8_t *ring;   /* DEFL_RING bytes of input history */
    uint16_t *head;  /* newest position (low 16 bits) per hash */
    uint16_t *prev;  /* previous position with the same hash, per position modulo DEFL_CHUNK */
    uint8_t *out;    /* compressed bytes not yet taken by the caller */
    uint32_t out_len;
    uint32_t bitbuf; /* bits not yet forming a whole byte (LSB first) */
    uint32_t bitcnt;
    uint32_t pos;    /* input bytes compressed so far */
    void (*poll)(void); /* if set, called every DEFL_POLL_EVERY input positions (a UART pump) */
} deflate_state;

/* work: DEFL_TABLE_BYTES, 4-byte aligned; out: room for the caller's reserve + DEFL_CHUNK + 64
 * bytes (DEFL_OUT_CAP with DEFL_OUT_RESERVE). The poll hook starts unset. */
void deflate_init(deflate_state *s, uint32_t *work, uint8_t *out);
/* Where the caller puts the next chunk (4-byte aligned, room for DEFL_CHUNK bytes). Nothing reads
 * it before the next deflate_chunk, so between chunks a caller may borrow it as scratch. */
uint8_t *deflate_input(deflate_state *s);
/* Compresses len (<= DEFL_CHUNK) bytes placed at deflate_input(); last closes the stream (the
 * final partial byte is padded out). Needs out_len <= the caller's reserve on entry. */
void deflate_chunk(deflate_state *s, uint32_t len, int last);
/* Byte-aligns the stream with an empty non-final stored block (00 00 FF FF after the header
 * bits): everything compressed so far can be inflated from the bytes in out. At most 7 bytes. */
void deflate_sync(deflate_state *s);
/* Ends the stream with an empty final block (2 bytes) after deflate_sync. */
void deflate_end(deflate_state *s);
/* Drops the first n bytes of out (the caller has sent them). */
void deflate_consume(deflate_state *s, uint32_t n);

#endif

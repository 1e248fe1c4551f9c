/*
 * Raw DEFLATE (RFC 1951) compressor for READ_FLASH_DEFL, sized for the stub: input arrives in
 * 4 KiB chunks; each chunk becomes one block, fixed-Huffman (LZ77 over the last 4 KiB through a
 * small hash chain) or stored when that would be shorter (random data grows by 5 bytes per chunk
 * at most). All memory is one caller-owned work area (DEFL_WORK_BYTES), which the stub borrows
 * from the inflate window: a compressed read and a compressed write never run at the same time.
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
#define DEFL_WORK_BYTES (DEFL_RING + 2u * DEFL_HASH_SIZE + 2u * DEFL_CHUNK + DEFL_OUT_CAP)

typedef struct {
    uint8_t *ring;   /* DEFL_RING bytes of input history */
    uint16_t *head;  /* newest position (low 16 bits) per hash */
    uint16_t *prev;  /* previous position with the same hash, per position modulo DEFL_CHUNK */
    uint8_t *out;    /* compressed bytes not yet taken by the caller */
    uint32_t out_len;
    uint32_t bitbuf; /* bits not yet forming a whole byte (LSB first) */
    uint32_t bitcnt;
    uint32_t pos;    /* input bytes compressed so far */
} deflate_state;

/* work: DEFL_WORK_BYTES, 4-byte aligned. */
void deflate_init(deflate_state *s, uint32_t *work);
/* Where the caller puts the next chunk (4-byte aligned, room for DEFL_CHUNK bytes). */
uint8_t *deflate_input(deflate_state *s);
/* Compresses len (<= DEFL_CHUNK) bytes placed at deflate_input(); last closes the stream (the
 * final partial byte is padded out). Needs out_len <= DEFL_OUT_RESERVE on entry. */
void deflate_chunk(deflate_state *s, uint32_t len, int last);
/* Drops the first n bytes of out (the caller has sent them). */
void deflate_consume(deflate_state *s, uint32_t n);

#endif

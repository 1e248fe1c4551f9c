/*
 * READ_WRITE_DEFL (0xE1, flashline only): the read range goes out as one raw DEFLATE stream
 * ('R' frames) while the host's compressed image comes in ('e' erase, 'd' data, 'f' finish), on
 * the full-duplex UART. Nothing is erased or written at or above the read frontier (the raw bytes
 * up to the last 64 KiB sync point the host has acknowledged), nor outside what 'e' erased in this
 * session. The protocol is SWAP.md; the stub polls its UART, so every long piece of work pumps
 * received bytes into two receive buffers between its steps.
 */
#ifndef FLASHLINE_STUB_SWAP_H
#define FLASHLINE_STUB_SWAP_H

#include <stdint.h>

#include "inflate.h"

#define SWAP_REQUEST_LEN 32u
#define SWAP_SCRATCH_BYTES 15200u /* receive buffers, compressed output, page stage, erase map */

typedef struct {
    uint32_t read_offset, read_length, frame, in_flight;
    uint32_t write_offset, write_size, write_frame;
} swap_request;

/* Checks the request data and unlocks the flash; ERR_OK or the status to answer with. */
uint8_t swap_check(const uint8_t *d, uint32_t len, swap_request *req);
/* The session, after the answer has gone out. scratch: SWAP_SCRATCH_BYTES, window: INF_WINDOW
 * bytes (both 4-byte aligned; the caller's command buffer and inflate window, whose inflater `inf`
 * is taken over). Returns 0 when the session ended, -1 when the host-test input ran out. */
int swap_run(const swap_request *req, uint32_t *scratch, uint8_t *window, inflate_state *inf);

#endif

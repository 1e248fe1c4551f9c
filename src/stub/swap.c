/* READ_WRITE_DEFL: see swap.h and SWAP.md. */
#include "swap.h"

#include "deflate.h"
#include "errors.h"
#include "hw.h"
#include "inflate.h"
#include "md5.h"
#include "util.h"

#define SECTOR 4096u
#define BLOCK 65536u
#define PAGE 256u               /* one hw_flash_write, then the receiver is pumped */
#define SYNC_EVERY 65536u       /* raw input between sync points of the 'R' stream */
#define FRAME_MAX 4096u
#define IN_FLIGHT_MAX 8u        /* a power of 2 (ring index) */
#define SYNC_MAX 16u            /* sync points compressed but not yet acknowledged (a power of 2) */
#define FEED 32u                /* 'd' bytes inflated between pumps */
#define READ_PIECE 1024u        /* flash read + MD5 between pumps */
#define MAP_SECTORS 4096u       /* erase map: a write region of up to 16 MiB */
#define BLOCK_ERASE_OVER 4u     /* more non-blank sectors than this in a whole block: one block erase */
#define CSUM_SEED 0xEFu         /* 'd' checksum: this XOR every payload byte (esptool's data checksum) */

#define RX_CAP (2u + FRAME_MAX) /* tag + checksum + payload */
#define RX_BUF ((RX_CAP + 3u) & ~3u)
#define OUT_RESERVE 2048u       /* compressed bytes left unsent before the next chunk is compressed */
#define OUT_CAP (OUT_RESERVE + DEFL_CHUNK + 64u)
#define OFF_OUT (2u * RX_BUF)
#define OFF_STAGE (OFF_OUT + OUT_CAP)
#define OFF_MAP (OFF_STAGE + PAGE)
#define SCRATCH_USED (OFF_MAP + MAP_SECTORS / 8u)
typedef char swap_scratch_fits[SCRATCH_USED <= SWAP_SCRATCH_BYTES ? 1 : -1];

#define SLIP_END 0xC0
#define SLIP_ESC 0xDB
#define TAG_R 'R'
#define TAG_W 'W'
#define TAG_M 'M'
#define TAG_F 'F'
#define TAG_X 'X'
#define TAG_ACK 'a'
#define TAG_ERASE 'e'
#define TAG_DATA 'd'
#define TAG_FINISH 'f'

/* where the frame being received goes: a receive buffer (0, 1) or one of these */
enum { TO_TAG = 2, TO_ACK, TO_OTHER, TO_DROP };
enum { BUF_FREE, BUF_FILLING, BUF_READY };
#define SINK_LEAVE 0xFE /* internal: the host left the session while a 'd' frame was inflating */

/* An answer to a host frame: the tag of the frame to send (0 = none, leave silently) and its status. */
#define ANSWER(tag, status) (((uint32_t)(tag) << 8) | (status))

static struct {
    swap_request r;
    inflate_state *inf;
    /* receiving */
    uint8_t *rx[2];
    uint32_t rx_len[2];
    uint8_t rx_state[2];
    uint8_t queue[2]; /* ready buffers in arrival order */
    uint32_t queued;
    uint32_t target, n;
    uint8_t in_frame, escaped;
    uint8_t ack[5];
    uint8_t leave, overflow, closed;
    /* the read stream */
    uint32_t done, sent, acked, frontier;
    uint32_t frame_end[IN_FLIGHT_MAX], frames_head, frames_out;
    uint32_t sync_total[SYNC_MAX], sync_raw[SYNC_MAX], sync_head, sync_count;
    uint8_t compressed_all, digest_sent, finish_sent;
    /* the 'R' frame in progress, fed to the UART by pump() straight from D.out (consumed once gone) */
    uint32_t tx_len, tx_pos; /* payload bytes; next byte: 0 END, 1 tag, 2.. payload, tx_len + 2 END */
    uint8_t tx_busy, tx_second; /* tx_second: the byte after an escape, still to go (0 = none) */
    /* the write */
    uint8_t *stage, *erased;
    uint32_t staged, programmed, taken;
} S;

static deflate_state D;
static md5_ctx M;
static uint32_t tables[DEFL_TABLE_BYTES / 4u];

/* ---- receiving ---------------------------------------------------------------------------- */

static void take_ack(void) {
    uint32_t v = le32(S.ack + 1);
    if (v <= S.acked || v > S.sent) {
        return;
    }
    S.acked = v;
    while (S.frames_out > 0 && S.frame_end[S.frames_head] <= v) {
        S.frames_head = (S.frames_head + 1u) % IN_FLIGHT_MAX;
        S.frames_out--;
    }
    while (S.sync_count > 0 && S.sync_total[S.sync_head] <= v) {
        S.frontier = S.sync_raw[S.sync_head];
        S.sync_head = (S.sync_head + 1u) % SYNC_MAX;
        S.sync_count--;
    }
}

static void frame_complete(void) {
    if (S.target < 2) {
        uint32_t b = S.target;
        S.rx_len[b] = S.n > RX_CAP ? RX_CAP + 1u : S.n; /* too long: refused when processed */
        S.rx_state[b] = BUF_READY;
        S.queue[S.queued++] = (uint8_t)b;
    } else if (S.target == TO_ACK && S.n == sizeof S.ack) {
        take_ack();
    } else if (S.target != TO_DROP) {
        S.leave = 1; /* any other frame (a SYNC from a host that gave up): back to the command loop */
    }
}

static void frame_starts(uint8_t tag) {
    if (tag == TAG_ACK) {
        S.target = TO_ACK;
    } else if (tag == TAG_ERASE || tag == TAG_DATA || tag == TAG_FINISH) {
        S.target = S.rx_state[0] == BUF_FREE ? 0u : S.rx_state[1] == BUF_FREE ? 1u : TO_DROP;
        if (S.target == TO_DROP) {
            S.overflow = 1; /* both buffers hold frames: the host broke the flow control */
        } else {
            S.rx_state[S.target] = BUF_FILLING;
        }
    } else {
        S.target = TO_OTHER;
    }
}

static void rx_byte(int c) {
    if (c == SLIP_END) {
        if (S.in_frame && S.n > 0) {
            frame_complete();
        }
        S.in_frame = 1; /* every END may open a frame: END END between frames is fine */
        S.n = 0;
        S.escaped = 0;
        S.target = TO_TAG;
        return;
    }
    if (!S.in_frame) {
        return;
    }
    if (S.escaped) {
        S.escaped = 0;
        c = c == 0xDC ? SLIP_END : c == 0xDD ? SLIP_ESC : c;
    } else if (c == SLIP_ESC) {
        S.escaped = 1;
        return;
    }
    if (S.n == 0) {
        frame_starts((uint8_t)c);
    }
    if (S.target < 2 && S.n < RX_CAP) {
        S.rx[S.target][S.n] = (uint8_t)c;
    } else if (S.target == TO_ACK && S.n < sizeof S.ack) {
        S.ack[S.n] = (uint8_t)c;
    }
    if (S.n <= RX_CAP) {
        S.n++;
    }
}

/* Feeds the 'R' frame in progress into the TX FIFO while it has room, SLIP-escaped on the fly, so
 * the line keeps sending while the CPU inflates, programs or compresses. */
static void pump_tx(void) {
    while (S.tx_busy && hw_uart_tx_ready()) {
        uint8_t b;
        if (S.tx_second) {
            b = S.tx_second;
            S.tx_second = 0;
        } else if (S.tx_pos == 0 || S.tx_pos == S.tx_len + 2u) {
            b = SLIP_END;
            S.tx_busy = S.tx_pos == 0;
            S.tx_pos++;
        } else if (S.tx_pos == 1) {
            b = TAG_R;
            S.tx_pos++;
        } else {
            b = D.out[S.tx_pos++ - 2u];
            if (b == SLIP_END || b == SLIP_ESC) {
                S.tx_second = b == SLIP_END ? 0xDC : 0xDD;
                b = SLIP_ESC;
            }
        }
        hw_uart_putc(b);
    }
}

/* Moves every byte waiting in the UART through the SLIP decoder and feeds the 'R' frame in
 * progress. Once a frame that ends the session is complete, the bytes after it stay in the UART
 * for the command loop. */
static void pump(void) {
    pump_tx();
    if (hw_uart_rx_overflowed()) {
        S.overflow = 1;
    }
    S.closed = 0;
    while (!S.leave) {
        int c = hw_uart_getc();
        if (c == HW_RX_NONE) {
            return;
        }
        if (c == HW_RX_CLOSED) {
            S.closed = 1;
            return;
        }
        rx_byte(c);
    }
}

/* ---- sending ------------------------------------------------------------------------------ */

static void tx(uint8_t b) {
    while (!hw_uart_tx_ready()) {
        pump(); /* never wait for the transmitter while bytes pile up in the receiver */
    }
    hw_uart_putc(b);
}

static void tx_slip(uint8_t b) {
    if (b == SLIP_END || b == SLIP_ESC) {
        tx(SLIP_ESC);
        tx(b == SLIP_END ? 0xDC : 0xDD);
    } else {
        tx(b);
    }
}

/* Drops the 'R' frame's bytes from D.out once it has gone (never while deflate_chunk runs: the
 * compressor only appends behind them, and its stored-block fallback rewrites only its own chunk). */
static void r_frame_consume(void) {
    if (!S.tx_busy && S.tx_len > 0) {
        deflate_consume(&D, S.tx_len);
        S.tx_len = 0;
    }
}

/* Lets the 'R' frame in progress go out whole. */
static void r_frame_finish(void) {
    while (S.tx_busy) {
        pump();
    }
    r_frame_consume();
}

/* A small answer frame (W/F/M/X): after the 'R' frame in progress. */
static void tx_frame(uint8_t tag, const uint8_t *p, uint32_t n) {
    r_frame_finish();
    tx(SLIP_END);
    tx_slip(tag);
    while (n--) {
        tx_slip(*p++);
    }
    tx(SLIP_END);
}

/* ---- writing ------------------------------------------------------------------------------ */

static uint32_t read_end_frontier(void) {
    return S.r.read_length == 0 ? 0xFFFFFFFFu : S.r.read_offset + S.frontier; /* a write alone: no limit */
}

static int sector_erased(uint32_t addr) {
    uint32_t i = (addr - S.r.write_offset) / SECTOR;
    return (S.erased[i >> 3] >> (i & 7u)) & 1u;
}

/* Programs the n image bytes in the stage (a whole page, or the last piece padded with 0xFF). */
static uint8_t program(uint32_t n) {
    pump(); /* acknowledgements waiting in the FIFO may move the frontier */
    uint32_t addr = S.r.write_offset + S.programmed, len = (n + 3u) & ~3u;
    if (addr + len > read_end_frontier() || !sector_erased(addr)) {
        return ERR_NOT_BACKED_UP;
    }
    mem_set(S.stage + n, 0xFF, len - n);
    if (hw_flash_write(addr, S.stage, len) != 0) {
        return ERR_FAILED_SPI_OP;
    }
    S.programmed += n;
    S.staged = 0;
    pump();
    return S.leave ? SINK_LEAVE : ERR_OK;
}

static uint8_t write_sink(void *ctx, const uint8_t *data, uint32_t len) {
    (void)ctx;
    if (len > S.r.write_size - S.taken) {
        return ERR_TOO_MUCH_DATA;
    }
    S.taken += len;
    while (len > 0) {
        uint32_t k = PAGE - S.staged < len ? PAGE - S.staged : len;
        mem_copy(S.stage + S.staged, data, k);
        S.staged += k;
        data += k;
        len -= k;
        if (S.staged == PAGE) {
            uint8_t err = program(PAGE);
            if (err != ERR_OK) {
                return err;
            }
        }
    }
    return ERR_OK;
}

static uint32_t sink_answer(uint8_t tag, uint8_t err) {
    if (err == SINK_LEAVE) {
        return ANSWER(0, 0);
    }
    return err == ERR_NOT_BACKED_UP ? ANSWER(TAG_X, err) : ANSWER(tag, err);
}

/* 1 if the sector holds only 0xFF, 0 if not (the check stops at the first other byte), -1 if the
 * read failed. Reads into the slot of the next deflate chunk: compress_next fills it before the
 * compressor looks at it, and nothing compresses while an 'e' is processed. */
static int sector_blank(uint32_t addr) {
    uint32_t *buf = (uint32_t *)deflate_input(&D);
    for (uint32_t k = 0; k < SECTOR; k += READ_PIECE) {
        if (hw_flash_read(addr + k, buf, READ_PIECE) != 0) {
            return -1;
        }
        pump();
        for (uint32_t i = 0; i < READ_PIECE / 4u; i++) {
            if (buf[i] != 0xFFFFFFFFu) {
                return 0;
            }
        }
    }
    return 1;
}

/* 'e' + checksum + addr + len: inside the write region (whole sectors), below the frontier. Sectors that are
 * blank already are not erased again: a whole 64 KiB block goes in one block erase only when more
 * than BLOCK_ERASE_OVER of its sectors hold data, otherwise just those sectors are erased. */
static uint32_t do_erase(const uint8_t *f, uint32_t n) {
    if (n != 10) {
        return ANSWER(TAG_W, ERR_BAD_DATA_LEN);
    }
    uint8_t sum = CSUM_SEED;
    for (uint32_t i = 2; i < n; i++) {
        sum ^= f[i];
    }
    if (sum != f[1]) {
        return ANSWER(TAG_W, ERR_BAD_DATA_CHECKSUM); /* a damaged address must not erase anything */
    }
    uint32_t addr = le32(f + 2), len = le32(f + 6);
    uint32_t lo = S.r.write_offset, hi = (lo + S.r.write_size + SECTOR - 1u) & ~(SECTOR - 1u);
    if (((addr | len) & (SECTOR - 1u)) != 0 || len == 0 || addr < lo || addr > hi || len > hi - addr ||
        addr < lo + S.programmed) { /* nor over image bytes already written: 'F' 0 must mean complete */
        return ANSWER(TAG_W, ERR_BAD_DATA_LEN);
    }
    if (addr + len > read_end_frontier()) {
        return ANSWER(TAG_X, ERR_NOT_BACKED_UP);
    }
    for (uint32_t pos = addr, end = addr + len; pos < end;) {
        uint32_t stop = (pos / BLOCK + 1u) * BLOCK < end ? (pos / BLOCK + 1u) * BLOCK : end;
        uint32_t dirty = 0, count = 0; /* non-blank sectors of this block (bit i: pos + i sectors) */
        for (uint32_t s = pos; s < stop; s += SECTOR) {
            int blank = sector_blank(s);
            if (blank < 0) {
                return ANSWER(TAG_W, ERR_FAILED_SPI_OP);
            }
            if (!blank) {
                dirty |= 1u << ((s - pos) / SECTOR);
                count++;
            }
        }
        if (stop - pos == BLOCK && count > BLOCK_ERASE_OVER) {
            if (hw_flash_erase_block(pos / BLOCK) != 0) {
                return ANSWER(TAG_W, ERR_FAILED_SPI_OP);
            }
            pump();
        } else {
            for (uint32_t i = 0; dirty >> i; i++) {
                if (((dirty >> i) & 1u) && hw_flash_erase_sector(pos / SECTOR + i) != 0) {
                    return ANSWER(TAG_W, ERR_FAILED_SPI_OP);
                }
                pump();
            }
        }
        for (uint32_t s = (pos - lo) / SECTOR; s < (stop - lo) / SECTOR; s++) {
            S.erased[s >> 3] |= (uint8_t)(1u << (s & 7u)); /* blank sectors count as erased too */
        }
        pos = stop;
    }
    return ANSWER(TAG_W, ERR_OK);
}

/* 'd' + checksum + a piece of the image's raw DEFLATE stream. */
static uint32_t do_data(const uint8_t *f, uint32_t n) {
    if (n < 3 || n - 2u > S.r.write_frame) {
        return ANSWER(TAG_W, ERR_BAD_DATA_LEN);
    }
    uint8_t sum = CSUM_SEED;
    for (uint32_t i = 2; i < n; i++) {
        sum ^= f[i];
    }
    if (sum != f[1]) {
        return ANSWER(TAG_W, ERR_BAD_DATA_CHECKSUM); /* raw DEFLATE has no check of its own */
    }
    if (inflate_finished(S.inf)) {
        return ANSWER(TAG_W, ERR_TOO_MUCH_DATA);
    }
    for (uint32_t at = 2; at < n; at += FEED) {
        uint32_t k = n - at < FEED ? n - at : FEED;
        int r = inflate_feed(S.inf, f + at, k);
        if (r == INF_ERR_SINK) {
            return sink_answer(TAG_W, S.inf->sink_error);
        }
        if (r < 0) {
            return ANSWER(TAG_W, r == INF_ERR_EXTRA ? ERR_TOO_MUCH_DATA : ERR_INFLATE_ERROR);
        }
        pump();
        if (S.leave) {
            return ANSWER(0, 0);
        }
    }
    return ANSWER(TAG_W, ERR_OK);
}

/* 'f': the image must be complete; the last partial page is written. */
static uint32_t do_finish(uint32_t n) {
    if (n != 1) {
        return ANSWER(TAG_F, ERR_BAD_DATA_LEN);
    }
    if (!inflate_finished(S.inf) || S.taken != S.r.write_size) {
        return ANSWER(TAG_F, ERR_NOT_ENOUGH_DATA);
    }
    if (S.staged > 0) {
        uint8_t err = program(S.staged);
        if (err != ERR_OK) {
            return sink_answer(TAG_F, err);
        }
    }
    return ANSWER(TAG_F, ERR_OK);
}

/* Handles the oldest received frame. Returns 1 when the session is over. */
static int process_frame(void) {
    uint32_t b = S.queue[0];
    const uint8_t *f = S.rx[b];
    uint32_t n = S.rx_len[b], answer;
    if (f[0] == TAG_ERASE) {
        answer = do_erase(f, n);
    } else if (f[0] == TAG_DATA) {
        answer = do_data(f, n);
    } else {
        answer = do_finish(n);
    }
    S.queue[0] = S.queue[1];
    S.queued--;
    S.rx_state[b] = BUF_FREE; /* free before answering: the host's next frame may follow the answer */
    uint8_t tag = (uint8_t)(answer >> 8), status = (uint8_t)answer;
    if (tag == 0 || S.leave) {
        return 1;
    }
    if (tag == TAG_X) {
        tx_frame(TAG_X, &status, 1);
        return 1;
    }
    uint8_t out[5];
    out[0] = status;
    if (tag == TAG_F) {
        tx_frame(TAG_F, out, 1);
        S.finish_sent = 1;
        return S.digest_sent;
    }
    put_le32(out + 1, S.programmed);
    tx_frame(TAG_W, out, 5);
    return status != ERR_OK;
}

/* ---- the read stream ---------------------------------------------------------------------- */

/* Reads, hashes and compresses the next 4 KiB; syncs the stream at each 64 KiB and at the end. */
static uint8_t compress_next(void) {
    uint8_t *in = deflate_input(&D);
    for (uint32_t k = 0; k < DEFL_CHUNK; k += READ_PIECE) {
        if (hw_flash_read(S.r.read_offset + S.done + k, in + k, READ_PIECE) != 0) {
            return ERR_FAILED_SPI_OP;
        }
        md5_update(&M, in + k, READ_PIECE);
        pump();
    }
    deflate_chunk(&D, DEFL_CHUNK, 0);
    S.done += DEFL_CHUNK;
    if (S.done % SYNC_EVERY == 0 || S.done == S.r.read_length) {
        deflate_sync(&D);
        uint32_t i = (S.sync_head + S.sync_count++) % SYNC_MAX;
        S.sync_total[i] = S.sent - S.tx_len + D.out_len; /* D.out still holds the frame in progress */
        S.sync_raw[i] = S.done;
        if (S.done == S.r.read_length) {
            deflate_end(&D);
            S.compressed_all = 1;
        }
    }
    return ERR_OK;
}

/* Starts the next 'R' frame if none is in progress, the window allows one and it is due. Returns
 * 1 if it started one. */
static int send_compressed(void) {
    if (S.tx_len > 0 || D.out_len == 0 || S.frames_out >= S.r.in_flight) { /* one frame at a time */
        return 0;
    }
    uint32_t m = D.out_len < S.r.frame ? D.out_len : S.r.frame;
    int at_sync = 0;
    for (uint32_t i = 0; i < S.sync_count; i++) {
        uint32_t mark = S.sync_total[(S.sync_head + i) % SYNC_MAX];
        if (mark > S.sent) {
            if (mark - S.sent <= m) {
                m = mark - S.sent; /* a sync point ends a frame */
                at_sync = 1;
            }
            break;
        }
    }
    if (m < S.r.frame && !at_sync && D.out_len <= OUT_RESERVE && !S.compressed_all) {
        return 0; /* wait for more output to fill the frame */
    }
    S.tx_len = m; /* pump() sends it from D.out; consumed once it has gone */
    S.tx_pos = 0;
    S.tx_busy = 1;
    S.frame_end[(S.frames_head + S.frames_out++) % IN_FLIGHT_MAX] = S.sent + m;
    S.sent += m;
    pump_tx();
    return 1;
}

/* ---- the session -------------------------------------------------------------------------- */

uint8_t swap_check(const uint8_t *d, uint32_t len, swap_request *req) {
    if (len != SWAP_REQUEST_LEN) {
        return ERR_BAD_DATA_LEN;
    }
    req->read_offset = le32(d);
    req->read_length = le32(d + 4);
    req->frame = le32(d + 8);
    req->in_flight = le32(d + 12);
    req->write_offset = le32(d + 16);
    req->write_size = le32(d + 20);
    req->write_frame = le32(d + 24);
    uint32_t ro = req->read_offset, rl = req->read_length, wo = req->write_offset, ws = req->write_size;
    if (((ro | rl | wo) & (SECTOR - 1u)) != 0 || ws == 0 || ws > MAP_SECTORS * SECTOR) {
        return ERR_BAD_DATA_LEN;
    }
    /* read_length 0: a write alone, nothing to back up first; else the write lies inside the read */
    if (rl != 0 && (wo < ro || wo - ro > rl || ws > rl - (wo - ro))) {
        return ERR_BAD_DATA_LEN;
    }
    if (req->frame == 0 || req->frame > FRAME_MAX || req->write_frame == 0 || req->write_frame > FRAME_MAX) {
        return ERR_BAD_BLOCKSIZE;
    }
    uint32_t size = hw_flash_size();
    if (ro > size || rl > size - ro || wo > size || ws > size - wo) {
        return ERR_FAILED_SPI_OP;
    }
    if (hw_flash_unlock() != 0) {
        return ERR_FAILED_SPI_UNLOCK;
    }
    req->in_flight = req->in_flight == 0 ? 1u : req->in_flight > IN_FLIGHT_MAX ? IN_FLIGHT_MAX : req->in_flight;
    return ERR_OK;
}

static int session(void);

int swap_run(const swap_request *req, uint32_t *scratch, uint8_t *window, inflate_state *inf) {
    uint8_t *mem = (uint8_t *)scratch;
    mem_set((uint8_t *)&S, 0, sizeof S);
    mem_copy((uint8_t *)&S.r, (const uint8_t *)req, sizeof S.r); /* no memcpy: no C library */
    S.inf = inf;
    S.rx[0] = mem;
    S.rx[1] = mem + RX_BUF;
    S.stage = mem + OFF_STAGE;
    S.erased = mem + OFF_MAP;
    mem_set(S.erased, 0, MAP_SECTORS / 8u);
    deflate_init(&D, tables, mem + OFF_OUT);
    D.poll = pump;
    md5_init(&M);
    inflate_init_raw(inf, window, write_sink, 0);
    hw_uart_rx_overflowed(); /* forget an overflow from before the session */
    if (S.r.read_length == 0) {
        S.compressed_all = 1; /* a write alone: no 'R' stream and no 'M' */
        S.digest_sent = 1;
    }
    int r = session();
    r_frame_finish(); /* a host that left gets the frame whole: its next answer starts clean */
    return r;
}

static int session(void) {
    for (;;) {
        pump();
        r_frame_consume();
        if (S.leave) {
            return 0;
        }
        if (S.overflow) {
            uint8_t code = ERR_RX_OVERFLOW;
            tx_frame(TAG_X, &code, 1);
            return 0;
        }
        /* starting an 'R' frame costs no time (pump() sends it): it goes out while the CPU works */
        int started = send_compressed();
        if (S.queued > 0) { /* a waiting 'e'/'d'/'f' goes before the next read chunk */
            if (process_frame()) {
                return 0;
            }
            continue;
        }
        if (started) {
            continue;
        }
        if (!S.compressed_all && D.out_len <= OUT_RESERVE && S.sync_count < SYNC_MAX) {
            uint8_t err = compress_next();
            if (err != ERR_OK) {
                tx_frame(TAG_X, &err, 1);
                return 0;
            }
            continue;
        }
        if (S.compressed_all && !S.digest_sent && D.out_len == 0 && S.acked == S.sent) {
            uint8_t digest[16];
            md5_final(&M, digest);
            tx_frame(TAG_M, digest, 16);
            S.digest_sent = 1;
            if (S.finish_sent) {
                return 0;
            }
            continue;
        }
        if (S.closed && !S.tx_busy) {
            return -1; /* host tests only: nothing to do and the scripted host has nothing more */
        }
    }
}

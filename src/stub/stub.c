/*
 * flashline's flasher stub (ESP8266, ESP32-C3): esptool's stub protocol over SLIP.
 *
 * Request:  0x00, op, u16 LE data length, u32 LE checksum, data
 * Response: 0x01, op, u16 LE length (data + 2), u32 LE value, data, then two status bytes:
 *           [0, 0] on success, [error code, 0] on failure. That is the order esptool's stub uses
 *           (esptool reads the pair big-endian: 0xC100 = "Bad data checksum"); the ROM loader
 *           instead sends [1, code]. Either way a non-zero first byte means failure.
 *
 * Timing of responses (what a host sees):
 *  - FLASH_DATA / FLASH_DEFL_DATA answer after the block has been written (not before, as
 *    esptool's stub does): this stub polls the UART instead of buffering it from an interrupt,
 *    so the host must not stream the next block while flash is busy. Every host waits for each
 *    block's response anyway, and an error is reported on the block that caused it.
 *  - ERASE_FLASH, ERASE_REGION, SPI_FLASH_MD5 answer after the work.
 *  - READ_FLASH and CHANGE_BAUDRATE answer first, then stream / switch.
 *  - RUN_USER_CODE gets no answer: the stub returns to the ROM.
 */
#include "stub.h"
#include "errors.h"
#include "hw.h"
#include "deflate.h"
#include "inflate.h"
#include "md5.h"
#include "swap.h"
#include "util.h"
#include "writer.h"

enum {
    OP_FLASH_BEGIN = 0x02,
    OP_FLASH_DATA = 0x03,
    OP_FLASH_END = 0x04,
    OP_MEM_BEGIN = 0x05,
    OP_MEM_END = 0x06,
    OP_MEM_DATA = 0x07,
    OP_SYNC = 0x08,
    OP_WRITE_REG = 0x09,
    OP_READ_REG = 0x0A,
    OP_SPI_SET_PARAMS = 0x0B,
    OP_SPI_ATTACH = 0x0D,
    OP_READ_FLASH_SLOW = 0x0E,
    OP_CHANGE_BAUDRATE = 0x0F,
    OP_FLASH_DEFL_BEGIN = 0x10,
    OP_FLASH_DEFL_DATA = 0x11,
    OP_FLASH_DEFL_END = 0x12,
    OP_SPI_FLASH_MD5 = 0x13,
    OP_GET_SECURITY_INFO = 0x14,
    OP_ERASE_FLASH = 0xD0,
    OP_ERASE_REGION = 0xD1,
    OP_READ_FLASH = 0xD2,
    OP_RUN_USER_CODE = 0xD3,
    OP_FLASH_ENCRYPT_DATA = 0xD4,
    OP_READ_FLASH_DEFL = 0xE0, /* flashline only: READ_FLASH as one raw DEFLATE stream */
    OP_READ_WRITE_DEFL = 0xE1  /* flashline only: compressed backup with a compressed write behind it */
};

#define MAX_BLOCK 0x4000u                      /* esptool's stub block size for writes */
#define HEADER 8u
#define RX_CAP (HEADER + 16u + MAX_BLOCK + 16u)
#define READ_BLOCK_MAX 4096u
#define DEFL_FLUSH_EVERY 65536u /* input after which whatever is compressed goes out */
#define SLIP_END 0xC0
#define SLIP_ESC 0xDB

enum { MODE_IDLE, MODE_PLAIN, MODE_DEFLATE };

static uint32_t rx_words[(RX_CAP + 3u) / 4u];
static uint32_t io_words[READ_BLOCK_MAX / 4u];
static uint32_t window_words[INF_WINDOW / 4u];
static inflate_state inflater;
static deflate_state deflater;
static int flash_mode;

/* READ_FLASH_DEFL borrows the inflate window for all of its buffers */
typedef char deflate_fits_window[DEFL_WORK_BYTES <= INF_WINDOW ? 1 : -1];
/* READ_WRITE_DEFL takes the command buffer for its receive and output buffers */
typedef char swap_fits_rx[SWAP_SCRATCH_BYTES <= sizeof rx_words ? 1 : -1];

/* ---- SLIP ---------------------------------------------------------------------------------- */

#define FRAME_CLOSED (-1)

/* Reads one frame into buf. Returns its length (bytes beyond cap are dropped and *overflow set),
 * or FRAME_CLOSED when the host-test input is exhausted. */
static int slip_read(uint8_t *buf, uint32_t cap, int *overflow) {
    uint32_t n = 0;
    int in_frame = 0, escaped = 0;
    *overflow = 0;
    for (;;) {
        int c = hw_uart_getc();
        if (c == HW_RX_NONE) {
            continue;
        }
        if (c == HW_RX_CLOSED) {
            return FRAME_CLOSED;
        }
        if (!in_frame) {
            in_frame = (c == SLIP_END);
            continue;
        }
        if (c == SLIP_END) {
            if (n == 0 && !*overflow) {
                continue; /* END END: the second one opens the frame */
            }
            return (int)n;
        }
        if (escaped) {
            escaped = 0;
            c = (c == 0xDC) ? SLIP_END : (c == 0xDD) ? SLIP_ESC : c;
        } else if (c == SLIP_ESC) {
            escaped = 1;
            continue;
        }
        if (n < cap) {
            buf[n++] = (uint8_t)c;
        } else {
            *overflow = 1;
        }
    }
}

static void slip_put(uint8_t b) {
    if (b == SLIP_END) {
        hw_uart_putc(SLIP_ESC);
        hw_uart_putc(0xDC);
    } else if (b == SLIP_ESC) {
        hw_uart_putc(SLIP_ESC);
        hw_uart_putc(0xDD);
    } else {
        hw_uart_putc(b);
    }
}

static void slip_put_all(const uint8_t *p, uint32_t n) {
    while (n--) {
        slip_put(*p++);
    }
}

static void send_frame(const uint8_t *p, uint32_t n) {
    hw_uart_putc(SLIP_END);
    slip_put_all(p, n);
    hw_uart_putc(SLIP_END);
}

static void respond(uint8_t op, uint32_t value, const uint8_t *data, uint32_t len, uint8_t err) {
    uint8_t head[8];
    head[0] = 0x01;
    head[1] = op;
    head[2] = (uint8_t)(len + 2u);
    head[3] = (uint8_t)((len + 2u) >> 8);
    put_le32(head + 4, value);
    hw_uart_putc(SLIP_END);
    slip_put_all(head, 8);
    slip_put_all(data, len);
    slip_put(err);
    slip_put(0);
    hw_uart_putc(SLIP_END);
}

/* ---- flash commands ---------------------------------------------------------------------- */

static int in_range(uint32_t offset, uint32_t len) {
    uint32_t size = hw_flash_size();
    return offset <= size && len <= size - offset;
}

/* Reads len bytes at offset (a multiple of 4 is read; the caller uses len). */
static uint8_t read_chunk(uint32_t offset, uint32_t len) {
    return hw_flash_read(offset, io_words, (len + 3u) & ~3u) == 0 ? ERR_OK : ERR_FAILED_SPI_OP;
}

static uint8_t flash_md5(uint32_t offset, uint32_t len, uint8_t digest[16]) {
    if (!in_range(offset, (len + 3u) & ~3u)) {
        return ERR_FAILED_SPI_OP;
    }
    md5_ctx ctx;
    md5_init(&ctx);
    while (len > 0) {
        uint32_t n = len < READ_BLOCK_MAX ? len : READ_BLOCK_MAX;
        uint8_t err = read_chunk(offset, n);
        if (err != ERR_OK) {
            return err;
        }
        md5_update(&ctx, (const uint8_t *)io_words, n);
        offset += n;
        len -= n;
    }
    md5_final(&ctx, digest);
    return ERR_OK;
}

/* Streams after the response: data frames, at most in_flight blocks ahead of the host's
 * acknowledgements (each a frame with the u32 LE count of bytes received), then the MD5. */
static int stream_flash(uint32_t offset, uint32_t len, uint32_t block, uint32_t in_flight) {
    md5_ctx ctx;
    uint8_t ack[16];
    uint32_t sent = 0, acked = 0;
    md5_init(&ctx);
    while (acked < len) {
        while (sent < len && sent - acked < in_flight * block) {
            uint32_t n = len - sent < block ? len - sent : block;
            if (read_chunk(offset + sent, n) != ERR_OK) {
                return 0; /* range was checked; a ROM failure here leaves the host to time out */
            }
            send_frame((const uint8_t *)io_words, n);
            md5_update(&ctx, (const uint8_t *)io_words, n);
            sent += n;
        }
        int overflow;
        int n = slip_read(ack, sizeof ack, &overflow);
        if (n == FRAME_CLOSED) {
            return -1;
        }
        if (n != 4 || overflow) {
            break; /* not an ack (a host resynchronising with SYNC): end the stream with the digest so far */
        }
        uint32_t v = le32(ack);
        if (v > acked && v <= sent) {
            acked = v;
        }
    }
    uint8_t digest[16];
    md5_final(&ctx, digest);
    send_frame(digest, 16);
    return 0;
}

/* Waits for one acknowledgement frame (u32 LE total received) and moves *acked forward. Returns
 * -1 when the link closed, 1 for a frame that is not an ack (a host resynchronising with SYNC). */
static int await_ack(uint32_t *acked, uint32_t sent) {
    uint8_t ack[16];
    int overflow;
    int n = slip_read(ack, sizeof ack, &overflow);
    if (n == FRAME_CLOSED) {
        return -1;
    }
    if (n != 4 || overflow) {
        return 1;
    }
    uint32_t v = le32(ack);
    if (v > *acked && v <= sent) {
        *acked = v;
    }
    return 0;
}

/* READ_FLASH_DEFL after the response: the range as one raw DEFLATE stream in data frames of at
 * most `block` bytes, with at most in_flight * block bytes unacknowledged (acks count compressed
 * bytes); a frame goes out when `block` bytes are ready, after every 64 KiB of input, and at the
 * end. Once all is acknowledged: the MD5 of the uncompressed range. */
static int stream_deflated(uint32_t offset, uint32_t len, uint32_t block, uint32_t in_flight) {
    md5_ctx ctx;
    uint32_t done = 0, since_flush = 0, sent = 0, acked = 0, window = in_flight * block;
    int last;
    md5_init(&ctx);
    deflate_init(&deflater, window_words, (uint8_t *)window_words + DEFL_TABLE_BYTES);
    do {
        uint32_t n = len - done < DEFL_CHUNK ? len - done : DEFL_CHUNK;
        uint8_t *in = deflate_input(&deflater);
        if (n > 0 && hw_flash_read(offset + done, in, (n + 3u) & ~3u) != 0) {
            return 0; /* range was checked; a ROM failure here leaves the host to time out */
        }
        md5_update(&ctx, in, n);
        done += n;
        since_flush += n;
        last = done == len;
        deflate_chunk(&deflater, n, last);
        int flush = last || since_flush >= DEFL_FLUSH_EVERY;
        while (deflater.out_len >= block || (flush && deflater.out_len > 0)) {
            uint32_t m = deflater.out_len < block ? deflater.out_len : block;
            while (sent + m - acked > window) {
                int a = await_ack(&acked, sent);
                if (a != 0) {
                    return a < 0 ? -1 : 0; /* not an ack: the host gave the stream up; back to commands */
                }
            }
            send_frame(deflater.out, m);
            sent += m;
            deflate_consume(&deflater, m);
        }
        if (flush) {
            since_flush = 0;
        }
    } while (!last);
    while (acked < sent) {
        int a = await_ack(&acked, sent);
        if (a != 0) {
            return a < 0 ? -1 : 0;
        }
    }
    uint8_t digest[16];
    md5_final(&ctx, digest);
    send_frame(digest, 16);
    return 0;
}

static uint8_t deflate_sink(void *ctx, const uint8_t *data, uint32_t len) {
    (void)ctx;
    return writer_put(data, len);
}

static uint8_t begin(const uint8_t *d, uint32_t len, int mode) {
    if (len != 16) {
        return ERR_BAD_DATA_LEN;
    }
    uint32_t total = le32(d), block = le32(d + 8), offset = le32(d + 12);
    if (block > MAX_BLOCK) {
        return ERR_BAD_BLOCKSIZE;
    }
    if ((offset & 3u) != 0 || !in_range(offset, total)) {
        return ERR_BAD_DATA_LEN;
    }
    flash_mode = MODE_IDLE;
    if (hw_flash_unlock() != 0) {
        return ERR_FAILED_SPI_UNLOCK;
    }
    writer_begin(offset, total);
    if (mode == MODE_DEFLATE) {
        inflate_init(&inflater, (uint8_t *)window_words, deflate_sink, 0);
    }
    flash_mode = mode;
    return ERR_OK;
}

/* FLASH_DATA / FLASH_DEFL_DATA: size, sequence, 0, 0, then size bytes. */
static uint8_t data_block(const uint8_t *d, uint32_t len, uint32_t checksum, int mode) {
    if (flash_mode != mode) {
        return ERR_NOT_IN_FLASH_MODE;
    }
    if (len < 16 || le32(d) != len - 16) {
        return ERR_BAD_DATA_LEN;
    }
    const uint8_t *payload = d + 16;
    uint32_t size = len - 16;
    uint8_t sum = 0xEF;
    for (uint32_t i = 0; i < size; i++) {
        sum ^= payload[i];
    }
    if (sum != (uint8_t)checksum) {
        return ERR_BAD_DATA_CHECKSUM;
    }
    if (mode == MODE_PLAIN) {
        uint32_t left = writer_remaining();
        if (size > 0 && left == 0) {
            return ERR_TOO_MUCH_DATA;
        }
        /* the last block is padded to the block size by hosts: only `total` bytes count */
        return writer_put(payload, size < left ? size : left);
    }
    int r = inflate_feed(&inflater, payload, size);
    if (r == INF_ERR_SINK) {
        return inflater.sink_error;
    }
    if (r == INF_ERR_EXTRA) {
        return ERR_TOO_MUCH_DATA;
    }
    return r < 0 ? ERR_INFLATE_ERROR : ERR_OK;
}

static uint8_t end(uint32_t len, int mode) {
    if (len != 4) {
        return ERR_BAD_DATA_LEN;
    }
    if (flash_mode != mode) {
        return ERR_NOT_IN_FLASH_MODE;
    }
    flash_mode = MODE_IDLE;
    uint8_t err = writer_finish();
    if (err == ERR_OK && mode == MODE_DEFLATE && !inflate_finished(&inflater)) {
        err = ERR_NOT_ENOUGH_DATA;
    }
    return err;
}

/* ---- the loop ---------------------------------------------------------------------------- */

int stub_main(void) {
    static const uint8_t hello[4] = {'O', 'H', 'A', 'I'};
    uint8_t *rx = (uint8_t *)rx_words;
    flash_mode = MODE_IDLE;
    send_frame(hello, 4);
    for (;;) {
        int overflow;
        int n = slip_read(rx, RX_CAP, &overflow);
        if (n == FRAME_CLOSED) {
            return STUB_EXIT_INPUT_CLOSED;
        }
        if (n < (int)HEADER || rx[0] != 0x00) {
            continue; /* not a request: ignore, as the ROM does */
        }
        uint8_t op = rx[1];
        uint32_t len = (uint32_t)rx[2] | ((uint32_t)rx[3] << 8);
        uint32_t checksum = le32(rx + 4);
        const uint8_t *d = rx + HEADER;
        uint32_t value = 0;
        uint8_t out[16];
        uint32_t out_len = 0;
        uint8_t err = ERR_OK;
        int after = 0; /* work to do once the response is out */
        swap_request swap;

        if (overflow || len != (uint32_t)n - HEADER) {
            respond(op, 0, 0, 0, ERR_BAD_DATA_LEN);
            continue;
        }
        switch (op) {
        case OP_SYNC:
            err = len == 36 ? ERR_OK : ERR_BAD_DATA_LEN;
            break;
        case OP_READ_REG:
            if (len != 4) {
                err = ERR_BAD_DATA_LEN;
            } else {
                value = hw_reg_read(le32(d));
            }
            break;
        case OP_WRITE_REG:
            if (len == 0 || len % 16 != 0) {
                err = ERR_BAD_DATA_LEN;
                break;
            }
            for (uint32_t i = 0; i < len; i += 16) {
                uint32_t addr = le32(d + i), v = le32(d + i + 4), mask = le32(d + i + 8);
                if (mask != 0xFFFFFFFFu) {
                    v = (hw_reg_read(addr) & ~mask) | (v & mask);
                }
                hw_reg_write(addr, v);
                uint32_t delay = le32(d + i + 12);
                if (delay) {
                    hw_delay_us(delay);
                }
            }
            break;
        case OP_SPI_SET_PARAMS:
            if (len != 24) {
                err = ERR_BAD_DATA_LEN;
            } else if (hw_flash_set_params(le32(d), le32(d + 4), le32(d + 8), le32(d + 12), le32(d + 16),
                                           le32(d + 20)) != 0) {
                err = ERR_FAILED_SPI_OP;
            }
            break;
        case OP_SPI_ATTACH:
            /* 4 bytes from hosts that know the stub, 8 (plus the ROM's "legacy" flag) from others */
            if (len == 4 || len == 8) {
                hw_flash_attach(le32(d));
            } else {
                err = ERR_BAD_DATA_LEN;
            }
            break;
        case OP_CHANGE_BAUDRATE:
            if (len != 8) {
                err = ERR_BAD_DATA_LEN;
            } else {
                after = OP_CHANGE_BAUDRATE;
            }
            break;
        case OP_FLASH_BEGIN:
            err = begin(d, len, MODE_PLAIN);
            break;
        case OP_FLASH_DEFL_BEGIN:
            err = begin(d, len, MODE_DEFLATE);
            break;
        case OP_FLASH_DATA:
            err = data_block(d, len, checksum, MODE_PLAIN);
            break;
        case OP_FLASH_DEFL_DATA:
            err = data_block(d, len, checksum, MODE_DEFLATE);
            break;
        case OP_FLASH_END:
            err = end(len, MODE_PLAIN);
            break;
        case OP_FLASH_DEFL_END:
            err = end(len, MODE_DEFLATE);
            break;
        case OP_SPI_FLASH_MD5:
            if (len != 16) {
                err = ERR_BAD_DATA_LEN;
            } else {
                err = flash_md5(le32(d), le32(d + 4), out);
                out_len = err == ERR_OK ? 16 : 0;
            }
            break;
        case OP_READ_FLASH:
            if (len != 16) {
                err = ERR_BAD_DATA_LEN;
            } else if (le32(d + 8) == 0 || le32(d + 8) > READ_BLOCK_MAX) {
                err = ERR_BAD_BLOCKSIZE;
            } else if (!in_range(le32(d), (le32(d + 4) + 3u) & ~3u)) {
                err = ERR_FAILED_SPI_OP;
            } else {
                after = OP_READ_FLASH;
            }
            break;
        case OP_READ_FLASH_DEFL:
            if (len != 16 || (le32(d) & 3u)) { /* SPIRead takes word-aligned addresses only */
                err = ERR_BAD_DATA_LEN;
            } else if (le32(d + 8) == 0 || le32(d + 8) > READ_BLOCK_MAX) {
                err = ERR_BAD_BLOCKSIZE;
            } else if (!in_range(le32(d), (le32(d + 4) + 3u) & ~3u)) {
                err = ERR_FAILED_SPI_OP;
            } else {
                flash_mode = MODE_IDLE; /* the inflate window is about to be reused */
                after = OP_READ_FLASH_DEFL;
            }
            break;
        case OP_READ_WRITE_DEFL:
            err = swap_check(d, len, &swap);
            if (err == ERR_OK) {
                flash_mode = MODE_IDLE; /* the inflater and its window are taken over */
                after = OP_READ_WRITE_DEFL;
            }
            break;
        case OP_ERASE_FLASH:
            if (hw_flash_unlock() != 0) {
                err = ERR_FAILED_SPI_UNLOCK;
            } else if (hw_flash_erase_chip() != 0) {
                err = ERR_FAILED_SPI_OP;
            }
            break;
        case OP_ERASE_REGION:
            if (len != 8 || (le32(d) & 4095u) || (le32(d + 4) & 4095u)) {
                err = ERR_BAD_DATA_LEN;
            } else if (!in_range(le32(d), le32(d + 4))) {
                err = ERR_FAILED_SPI_OP;
            } else if (hw_flash_unlock() != 0) {
                err = ERR_FAILED_SPI_UNLOCK;
            } else {
                err = erase_range(le32(d), le32(d + 4));
            }
            break;
        case OP_RUN_USER_CODE:
            return STUB_EXIT_RUN_USER_CODE;
        case OP_MEM_BEGIN:
        case OP_MEM_END:
        case OP_MEM_DATA:
        case OP_READ_FLASH_SLOW:
        case OP_GET_SECURITY_INFO:
        case OP_FLASH_ENCRYPT_DATA:
            err = ERR_CMD_NOT_IMPLEMENTED;
            break;
        default:
            err = ERR_INVALID_COMMAND;
            break;
        }
        respond(op, value, out, out_len, err);
        if (after == OP_CHANGE_BAUDRATE) {
            hw_uart_drain();
            hw_uart_set_baud(le32(d), le32(d + 4));
        } else if (after == OP_READ_FLASH) {
            uint32_t in_flight = le32(d + 12);
            in_flight = in_flight == 0 ? 1 : in_flight > 64 ? 64 : in_flight; /* keeps the window in u32 */
            if (stream_flash(le32(d), le32(d + 4), le32(d + 8), in_flight) < 0) {
                return STUB_EXIT_INPUT_CLOSED;
            }
        } else if (after == OP_READ_FLASH_DEFL) {
            uint32_t in_flight = le32(d + 12);
            in_flight = in_flight == 0 ? 1 : in_flight > 64 ? 64 : in_flight;
            if (stream_deflated(le32(d), le32(d + 4), le32(d + 8), in_flight) < 0) {
                return STUB_EXIT_INPUT_CLOSED;
            }
        } else if (after == OP_READ_WRITE_DEFL) {
            if (swap_run(&swap, rx_words, (uint8_t *)window_words, &inflater) < 0) {
                return STUB_EXIT_INPUT_CLOSED;
            }
        }
    }
}

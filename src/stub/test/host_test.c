/* Host unit tests for the stub's portable parts: MD5, inflate, and the command loop driven
 * through test/hw_fake.c. Run with `make -C src/stub host-test`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deflate.h"
#include "errors.h"
#include "hw_fake.h"
#include "inflate.h"
#include "md5.h"
#include "stub.h"
#include "vectors.h"

static int failures;
static int checks;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        checks++;                                                           \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);            \
            fprintf(stderr, __VA_ARGS__);                                   \
            fprintf(stderr, "\n");                                          \
        }                                                                   \
    } while (0)

static void hex(const uint8_t *d, char *out) {
    for (int i = 0; i < 16; i++) {
        sprintf(out + 2 * i, "%02x", d[i]);
    }
}

static void md5_of(const void *data, size_t len, char *out) {
    md5_ctx c;
    uint8_t d[16];
    md5_init(&c);
    md5_update(&c, data, (uint32_t)len);
    md5_final(&c, d);
    hex(d, out);
}

static void test_md5(void) {
    static const struct {
        const char *in, *md5;
    } v[] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
    };
    char got[33];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        md5_of(v[i].in, strlen(v[i].in), got);
        CHECK(strcmp(got, v[i].md5) == 0, "md5(\"%s\") = %s", v[i].in, got);
    }
    /* a million 'a', fed in uneven pieces */
    md5_ctx c;
    uint8_t d[16];
    static uint8_t a[1000];
    memset(a, 'a', sizeof a);
    md5_init(&c);
    size_t left = 1000000, step = 1;
    while (left) {
        size_t n = step < left ? step : left;
        if (n > sizeof a) {
            n = sizeof a;
        }
        md5_update(&c, a, (uint32_t)n);
        left -= n;
        step = step * 7 % 997 + 1;
    }
    md5_final(&c, d);
    hex(d, got);
    CHECK(strcmp(got, "7707d6ae4e027c70eea2a935c2296f21") == 0, "md5(10^6 x a) = %s", got);
}

/* ---- inflate --------------------------------------------------------------------------- */

static uint8_t sink_buf[1 << 20];
static uint32_t sink_len;
static uint32_t sink_limit;

static uint8_t collect(void *ctx, const uint8_t *data, uint32_t len) {
    (void)ctx;
    /* runs never cross a 4 KiB boundary of the output */
    if ((sink_len >> 12) != ((sink_len + len - 1) >> 12)) {
        return 0xEE;
    }
    if (sink_len + len > sink_limit) {
        return ERR_TOO_MUCH_DATA;
    }
    memcpy(sink_buf + sink_len, data, len);
    sink_len += len;
    return 0;
}

static uint32_t window[INF_WINDOW / 4];

static int inflate_all(const uint8_t *z, size_t zlen, size_t chunk, uint32_t limit) {
    static inflate_state s;
    inflate_init(&s, (uint8_t *)window, collect, NULL);
    sink_len = 0;
    sink_limit = limit;
    int r = INF_NEED_MORE;
    for (size_t pos = 0; pos < zlen; pos += chunk) {
        size_t n = zlen - pos < chunk ? zlen - pos : chunk;
        r = inflate_feed(&s, z + pos, (uint32_t)n);
        if (r < 0) {
            return r;
        }
    }
    return r;
}

static void check_vector(const char *name, const uint8_t *z, size_t zlen, const uint8_t *raw, size_t rawlen,
                         int btype) {
    CHECK(((z[2] >> 1) & 3) == btype, "%s: first block type %d", name, (z[2] >> 1) & 3);
    static const size_t chunks[] = {1, 3, 7, 1000, 16384, 1 << 30};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        int r = inflate_all(z, zlen, chunks[i], sizeof sink_buf);
        CHECK(r == INF_DONE, "%s chunk %zu: result %d", name, chunks[i], r);
        CHECK(sink_len == rawlen && memcmp(sink_buf, raw, rawlen) == 0, "%s chunk %zu: output differs (%u bytes)",
              name, chunks[i], sink_len);
    }
}

static void test_inflate(void) {
    check_vector("stored", stored_z, sizeof stored_z, stored_raw, sizeof stored_raw, STORED_BTYPE);
    check_vector("fixed", fixed_z, sizeof fixed_z, fixed_raw, sizeof fixed_raw, FIXED_BTYPE);
    check_vector("dynamic", dynamic_z, sizeof dynamic_z, dynamic_raw, sizeof dynamic_raw, DYNAMIC_BTYPE);

    static uint8_t bad[sizeof dynamic_z];
    /* a flipped bit in the compressed body: either the code is invalid or Adler-32 disagrees */
    for (size_t at = 10; at < sizeof dynamic_z - 4; at += sizeof dynamic_z / 13) {
        memcpy(bad, dynamic_z, sizeof dynamic_z);
        bad[at] ^= 0x10;
        int r = inflate_all(bad, sizeof dynamic_z, 4096, sizeof sink_buf);
        CHECK(r == INF_ERR_DATA, "corrupt byte at %zu: result %d", at, r);
    }
    memcpy(bad, fixed_z, sizeof fixed_z);
    bad[sizeof fixed_z - 1] ^= 1;
    CHECK(inflate_all(bad, sizeof fixed_z, 999, sizeof sink_buf) == INF_ERR_DATA, "bad adler accepted");
    memcpy(bad, fixed_z, sizeof fixed_z);
    bad[0] = 0x79; /* method 9 */
    CHECK(inflate_all(bad, sizeof fixed_z, 999, sizeof sink_buf) == INF_ERR_DATA, "bad zlib header accepted");
    CHECK(inflate_all(fixed_z, sizeof fixed_z - 3, 999, sizeof sink_buf) == INF_NEED_MORE, "truncated stream not pending");
    memcpy(bad, fixed_z, sizeof fixed_z);
    bad[sizeof fixed_z] = 0;
    CHECK(inflate_all(bad, sizeof fixed_z + 1, 999, sizeof sink_buf) == INF_ERR_EXTRA, "trailing byte accepted");
    /* block type 3 is reserved */
    static const uint8_t reserved[] = {0x78, 0x9c, 0x07, 0x00};
    CHECK(inflate_all(reserved, sizeof reserved, 4, 100) == INF_ERR_DATA, "reserved block type accepted");
    /* stored block whose NLEN is not the complement of LEN */
    static const uint8_t badlen[] = {0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xfe, 'h', 'i'};
    CHECK(inflate_all(badlen, sizeof badlen, 9, 100) == INF_ERR_DATA, "bad stored length accepted");
    /* distance before the start of the output: fixed block, length 3 distance 1 as first symbol */
    static const uint8_t far[] = {0x78, 0x9c, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    CHECK(inflate_all(far, sizeof far, 9, 100) == INF_ERR_DATA, "distance beyond output accepted");
    CHECK(inflate_all(dynamic_z, sizeof dynamic_z, 5000, 10000) == INF_ERR_SINK, "sink refusal not reported");
}

/* ---- command loop ---------------------------------------------------------------------- */

typedef struct {
    uint8_t op;
    uint32_t value;
    uint8_t data[64];
    size_t len; /* data length without the two status bytes */
    uint8_t status, error; /* the two status bytes as sent: [0,0] ok, [code,0] failure */
} response;

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void send_frame(const uint8_t *p, size_t n) {
    uint8_t *buf = malloc(2 * n + 2);
    size_t k = 0;
    buf[k++] = 0xC0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0xC0) {
            buf[k++] = 0xDB;
            buf[k++] = 0xDC;
        } else if (p[i] == 0xDB) {
            buf[k++] = 0xDB;
            buf[k++] = 0xDD;
        } else {
            buf[k++] = p[i];
        }
    }
    buf[k++] = 0xC0;
    fake_input(buf, k);
    free(buf);
}

static void send_cmd(uint8_t op, const uint8_t *data, size_t len, uint32_t checksum) {
    uint8_t *p = malloc(len + 8);
    p[0] = 0;
    p[1] = op;
    p[2] = (uint8_t)len;
    p[3] = (uint8_t)(len >> 8);
    put32(p + 4, checksum);
    if (len) {
        memcpy(p + 8, data, len);
    }
    send_frame(p, len + 8);
    free(p);
}

static uint8_t xsum(const uint8_t *d, size_t n) {
    uint8_t s = 0xEF;
    while (n--) {
        s ^= *d++;
    }
    return s;
}

static void send_words(uint8_t op, int n, const uint32_t *w) {
    uint8_t d[64];
    for (int i = 0; i < n; i++) {
        put32(d + 4 * i, w[i]);
    }
    send_cmd(op, d, 4u * n, 0);
}

static void send_data(uint8_t op, uint32_t seq, const uint8_t *payload, size_t n, int corrupt_sum) {
    uint8_t *d = malloc(n + 16);
    put32(d, (uint32_t)n);
    put32(d + 4, seq);
    put32(d + 8, 0);
    put32(d + 12, 0);
    memcpy(d + 16, payload, n);
    send_cmd(op, d, n + 16, xsum(payload, n) ^ (corrupt_sum ? 1 : 0));
    free(d);
}

/* Splits the recorded output into SLIP frames. */
static size_t frames(uint8_t **out, size_t *lens, size_t max) {
    size_t len, count = 0;
    const uint8_t *o = fake_output(&len);
    size_t i = 0;
    while (i < len && count < max) {
        while (i < len && o[i] != 0xC0) {
            i++;
        }
        i++;
        size_t stop = i;
        while (stop < len && o[stop] != 0xC0) {
            stop++;
        }
        uint8_t *f = malloc(stop - i + 1);
        size_t n = 0;
        while (i < len && o[i] != 0xC0) {
            uint8_t b = o[i++];
            if (b == 0xDB) {
                b = o[i++] == 0xDC ? 0xC0 : 0xDB;
            }
            f[n++] = b;
        }
        i++;
        out[count] = f;
        lens[count++] = n;
    }
    return count;
}

static uint8_t *F[8192];
static size_t FL[8192];
static size_t NF, next_frame;

static int run_stub(void) {
    int r = stub_main();
    for (size_t i = 0; i < NF; i++) {
        free(F[i]);
    }
    NF = frames(F, FL, 8192);
    next_frame = 0;
    CHECK(NF > 0 && FL[0] == 4 && memcmp(F[0], "OHAI", 4) == 0, "no OHAI first");
    next_frame = 1;
    return r;
}

static response expect(uint8_t op) {
    response r;
    memset(&r, 0, sizeof r);
    if (next_frame >= NF) {
        CHECK(0, "missing response to op 0x%02x", op);
        r.error = 0xEE;
        r.status = 1;
        return r;
    }
    const uint8_t *f = F[next_frame];
    size_t n = FL[next_frame++];
    CHECK(n >= 10 && f[0] == 1 && f[1] == op, "bad response frame for op 0x%02x (len %zu, op 0x%02x)", op, n,
          n > 1 ? f[1] : 0);
    if (n < 10) {
        r.status = 1;
        return r;
    }
    size_t size = f[2] | (f[3] << 8);
    CHECK(size == n - 8, "size field %zu, frame %zu", size, n);
    r.op = f[1];
    r.value = get32(f + 4);
    r.len = n - 10;
    memcpy(r.data, f + 8, r.len < sizeof r.data ? r.len : sizeof r.data);
    r.status = f[n - 2];
    r.error = f[n - 1];
    return r;
}

static void expect_ok(uint8_t op, const char *what) {
    response r = expect(op);
    CHECK(r.status == 0 && r.error == 0, "%s: status %d error 0x%02x", what, r.status, r.error);
}

static void expect_err(uint8_t op, uint8_t err, const char *what) {
    response r = expect(op);
    /* esptool's stub order: the code first, then 0 */
    CHECK(r.status == err && r.error == 0, "%s: status bytes %02x %02x, wanted %02x 00", what, r.status, r.error,
          err);
}

static void test_basic_commands(void) {
    fake_reset();
    uint8_t sync[36] = {0x07, 0x07, 0x12, 0x20};
    memset(sync + 4, 0x55, 32);
    send_cmd(0x08, sync, sizeof sync, 0);
    fake_regs[3] = 0x12345678;
    send_words(0x0A, 1, (uint32_t[]){0x6000000C});
    send_words(0x09, 4, (uint32_t[]){0x60000010, 0xABCD, 0xFFFFFFFF, 0});
    send_words(0x09, 4, (uint32_t[]){0x60000010, 0x00005500, 0x0000FF00, 0}); /* masked */
    send_words(0x0A, 2, (uint32_t[]){1, 2});                                   /* bad length */
    send_cmd(0x55, NULL, 0, 0);                                                 /* unknown op */
    send_cmd(0x05, (uint8_t[16]){0}, 16, 0);                                    /* MEM_BEGIN */
    send_data(0x03, 0, (const uint8_t *)"abcd", 4, 0);                          /* no begin */
    send_words(0x0B, 6, (uint32_t[]){0, 512 * 1024, 65536, 4096, 256, 0xFFFF});
    send_words(0x13, 4, (uint32_t[]){512 * 1024 - 4096, 8192, 0, 0});            /* beyond new size */
    send_words(0x0F, 2, (uint32_t[]){921600, 115200});
    send_words(0x0D, 1, (uint32_t[]){0x1234});       /* SPI_ATTACH, the stub's 4-byte form */
    send_words(0x0D, 2, (uint32_t[]){0, 0});         /* the ROM's 8-byte form */
    send_words(0x0D, 3, (uint32_t[]){0, 0, 0});      /* bad length */
    uint8_t lie[12] = {0, 0x08, 36, 0, 0, 0, 0, 0, 1, 2, 3, 4};                  /* header says 36, has 4 */
    send_frame(lie, sizeof lie);
    send_cmd(0xD3, NULL, 0, 0);
    send_cmd(0x08, sync, sizeof sync, 0); /* never read: the stub has returned */
    int r = run_stub();
    CHECK(r == STUB_EXIT_RUN_USER_CODE, "RUN_USER_CODE did not return to the ROM (%d)", r);
    expect_ok(0x08, "sync");
    response rr = expect(0x0A);
    CHECK(rr.value == 0x12345678 && rr.status == 0, "read_reg value 0x%08x", rr.value);
    expect_ok(0x09, "write_reg");
    expect_ok(0x09, "write_reg masked");
    CHECK(fake_regs[4] == 0x55CD, "register after masked write 0x%08x", fake_regs[4]);
    expect_err(0x0A, ERR_BAD_DATA_LEN, "read_reg with 8 bytes");
    expect_err(0x55, ERR_INVALID_COMMAND, "unknown op");
    expect_err(0x05, ERR_CMD_NOT_IMPLEMENTED, "mem_begin");
    expect_err(0x03, ERR_NOT_IN_FLASH_MODE, "data without begin");
    expect_ok(0x0B, "spi_set_params");
    CHECK(fake_flash_size == 512 * 1024, "flash size not set");
    expect_err(0x13, ERR_FAILED_SPI_OP, "md5 beyond the flash");
    expect_ok(0x0F, "change baud");
    CHECK(fake_baud_new == 921600 && fake_baud_old == 115200, "baud switch %u from %u", fake_baud_new, fake_baud_old);
    expect_ok(0x0D, "spi_attach (4 bytes)");
    expect_ok(0x0D, "spi_attach (8 bytes)");
    expect_err(0x0D, ERR_BAD_DATA_LEN, "spi_attach with 12 bytes");
    CHECK(fake_attach_calls == 2 && fake_attach_config == 0, "attach calls %u, last config 0x%x", fake_attach_calls,
          fake_attach_config);
    expect_err(0x08, ERR_BAD_DATA_LEN, "length field lies");
    CHECK(next_frame == NF, "%zu unexpected frames (RUN_USER_CODE must not answer)", NF - next_frame);
}

static void md5_hex_of_flash(uint32_t off, uint32_t len, char *out) {
    md5_of(fake_flash + off, len, out);
}

static void test_deflate_write_and_read_back(void) {
    fake_reset();
    const uint32_t off = 0x10000;
    const size_t block = 0x4000;
    uint32_t nblocks = (uint32_t)((sizeof dynamic_z + block - 1) / block);
    send_words(0x10, 4, (uint32_t[]){sizeof dynamic_raw, nblocks, block, off});
    for (uint32_t i = 0; i < nblocks; i++) {
        size_t n = sizeof dynamic_z - i * block < block ? sizeof dynamic_z - i * block : block;
        send_data(0x11, i, dynamic_z + i * block, n, 0);
    }
    send_words(0x12, 1, (uint32_t[]){1});
    send_words(0x13, 4, (uint32_t[]){off, sizeof dynamic_raw, 0, 0});
    send_words(0xD2, 4, (uint32_t[]){off, 10000, 4096, 2});
    /* acknowledge as a host would: the running total after each block */
    uint8_t ack[4];
    uint32_t totals[] = {4096, 8192, 10000};
    for (int i = 0; i < 3; i++) {
        put32(ack, totals[i]);
        send_frame(ack, 4);
    }
    send_words(0xD1, 2, (uint32_t[]){off, 0x2000});
    send_words(0xD1, 2, (uint32_t[]){off + 1, 0x1000}); /* unaligned */
    send_words(0xD1, 2, (uint32_t[]){0xFF000, 0x2000});  /* past the end */
    int r = run_stub();
    CHECK(r == STUB_EXIT_INPUT_CLOSED, "stub exit %d", r);
    expect_ok(0x10, "defl_begin");
    for (uint32_t i = 0; i < nblocks; i++) {
        expect_ok(0x11, "defl_data");
    }
    expect_ok(0x12, "defl_end");
    for (size_t i = 0x2000; i < sizeof dynamic_raw; i++) { /* the first 8 KiB are erased below */
        if (fake_flash[off + i] != dynamic_raw[i]) {
            CHECK(0, "flash content differs after deflate write at %zu: %02x vs %02x", i, fake_flash[off + i], dynamic_raw[i]);
            break;
        }
    }
    CHECK(fake_flash[off - 1] == 0x00, "erased before the region");
    CHECK(fake_erase_block_calls >= 3, "64 KiB block erases not used (%u)", fake_erase_block_calls);
    response m = expect(0x13);
    char want[33], got[33];
    md5_of(dynamic_raw, sizeof dynamic_raw, want);
    hex(m.data, got);
    CHECK(m.status == 0 && m.len == 16 && strcmp(want, got) == 0, "flash md5 %s, wanted %s", got, want);
    expect_ok(0xD2, "read_flash");
    CHECK(next_frame + 4 <= NF && FL[next_frame] == 4096 && FL[next_frame + 1] == 4096 && FL[next_frame + 2] == 1808,
          "read_flash data frame sizes");
    CHECK(memcmp(F[next_frame], dynamic_raw, 4096) == 0 && memcmp(F[next_frame + 2], dynamic_raw + 8192, 1808) == 0,
          "read_flash data differs");
    next_frame += 3;
    md5_of(dynamic_raw, 10000, want);
    hex(F[next_frame], got);
    CHECK(FL[next_frame] == 16 && strcmp(want, got) == 0, "read_flash final md5 %s wanted %s", got, want);
    next_frame++;
    expect_ok(0xD1, "erase_region");
    int all_ff = 1;
    for (uint32_t i = 0; i < 0x2000; i++) {
        all_ff &= fake_flash[off + i] == 0xFF;
    }
    CHECK(all_ff, "erased region not 0xFF");
    CHECK(memcmp(fake_flash + off + 0x2000, dynamic_raw + 0x2000, 100) == 0, "erase went past the region");
    expect_err(0xD1, ERR_BAD_DATA_LEN, "unaligned erase");
    expect_err(0xD1, ERR_FAILED_SPI_OP, "erase past the end");
    md5_hex_of_flash(0, 4, got);
}

static void test_plain_write_and_errors(void) {
    fake_reset();
    static uint8_t img[5000];
    for (size_t i = 0; i < sizeof img; i++) {
        img[i] = (uint8_t)(i * 7 + 3);
    }
    static uint8_t block[0x1000];
    /* plain write: 5000 bytes in two 4 KiB blocks, the last one padded with 0xFF by the host */
    send_words(0x02, 4, (uint32_t[]){sizeof img, 2, 0x1000, 0x3000});
    send_data(0x03, 0, img, 0x1000, 0);
    memset(block, 0xFF, sizeof block);
    memcpy(block, img + 0x1000, sizeof img - 0x1000);
    send_data(0x03, 1, block, 0x1000, 1); /* wrong checksum first */
    send_data(0x03, 1, block, 0x1000, 0);
    send_data(0x03, 2, block, 16, 0);     /* nothing left to write */
    send_words(0x04, 1, (uint32_t[]){1});
    /* short write: END before all data */
    send_words(0x02, 4, (uint32_t[]){8192, 2, 0x1000, 0x8000});
    send_data(0x03, 0, img, 0x1000, 0);
    send_words(0x04, 1, (uint32_t[]){1});
    /* compressed stream that is corrupt */
    static uint8_t bad[sizeof fixed_z];
    memcpy(bad, fixed_z, sizeof fixed_z);
    bad[40] ^= 0x55;
    send_words(0x10, 4, (uint32_t[]){sizeof fixed_raw, 1, 0x4000, 0x20000});
    send_data(0x11, 0, bad, 0x4000, 0);
    send_words(0x12, 1, (uint32_t[]){1});
    /* compressed stream larger than announced */
    send_words(0x10, 4, (uint32_t[]){1000, 1, 0x4000, 0x20000});
    send_data(0x11, 0, fixed_z, 0x4000, 0);
    send_words(0x12, 1, (uint32_t[]){1});
    /* compressed stream cut short */
    send_words(0x10, 4, (uint32_t[]){sizeof fixed_raw, 1, 0x4000, 0x20000});
    send_data(0x11, 0, fixed_z, 100, 0);
    send_words(0x12, 1, (uint32_t[]){1});
    /* begin problems */
    send_words(0x02, 4, (uint32_t[]){100, 1, 0x8000, 0});           /* block too big */
    send_words(0x02, 4, (uint32_t[]){0x2000, 1, 0x1000, 0xFF000});  /* past the end */
    send_words(0x10, 3, (uint32_t[]){100, 1, 0x1000});              /* short */
    send_words(0xD2, 4, (uint32_t[]){0, 100, 0, 1});                /* read block size 0 */
    send_words(0xD2, 4, (uint32_t[]){0xFFF00, 0x200, 0x100, 1});    /* read past the end */
    int r = run_stub();
    CHECK(r == STUB_EXIT_INPUT_CLOSED, "stub exit %d", r);
    expect_ok(0x02, "flash_begin");
    expect_ok(0x03, "flash_data 0");
    expect_err(0x03, ERR_BAD_DATA_CHECKSUM, "bad checksum");
    expect_ok(0x03, "flash_data 1");
    expect_err(0x03, ERR_TOO_MUCH_DATA, "data after the end");
    expect_ok(0x04, "flash_end");
    for (size_t i = 0; i < sizeof img; i++) {
        if (fake_flash[0x3000 + i] != img[i]) {
            CHECK(0, "plain write differs at %zu: %02x vs %02x", i, fake_flash[0x3000 + i], img[i]);
            break;
        }
    }
    CHECK(fake_flash[0x3000 + sizeof img] == 0xFF, "padding after the image not left erased");
    expect_ok(0x02, "flash_begin 2");
    expect_ok(0x03, "flash_data 2");
    expect_err(0x04, ERR_NOT_ENOUGH_DATA, "short write");
    expect_ok(0x10, "defl_begin corrupt");
    expect_err(0x11, ERR_INFLATE_ERROR, "corrupt stream");
    expect_err(0x12, ERR_NOT_ENOUGH_DATA, "end after corrupt stream");
    expect_ok(0x10, "defl_begin small");
    expect_err(0x11, ERR_TOO_MUCH_DATA, "stream larger than announced");
    expect_err(0x12, ERR_TOO_MUCH_DATA, "end after too much data");
    expect_ok(0x10, "defl_begin cut");
    expect_ok(0x11, "defl_data partial");
    expect_err(0x12, ERR_NOT_ENOUGH_DATA, "stream cut short");
    expect_err(0x02, ERR_BAD_BLOCKSIZE, "block size");
    expect_err(0x02, ERR_BAD_DATA_LEN, "begin past the end");
    expect_err(0x10, ERR_BAD_DATA_LEN, "short begin");
    expect_err(0xD2, ERR_BAD_BLOCKSIZE, "read block size 0");
    expect_err(0xD2, ERR_FAILED_SPI_OP, "read past the end");
    CHECK(next_frame == NF, "%zu unexpected frames", NF - next_frame);

    fake_reset();
    send_words(0xD0, 0, NULL);
    run_stub();
    expect_ok(0xD0, "erase_flash");
    CHECK(fake_flash[0] == 0xFF && fake_flash[FAKE_FLASH_SIZE - 1] == 0xFF, "chip not erased");
}

/* A host that lost track mid-read sends SYNC: the stream ends with the digest of what was sent, and SYNC works again. */
static void test_read_ended_by_sync(void) {
    fake_reset();
    for (uint32_t i = 0; i < 10000; i++) {
        fake_flash[0x4000 + i] = (uint8_t)(i * 13 + 1);
    }
    uint8_t sync[36] = {0x07, 0x07, 0x12, 0x20};
    memset(sync + 4, 0x55, 32);
    send_words(0xD2, 4, (uint32_t[]){0x4000, 10000, 4096, 1});
    uint8_t ack[4];
    put32(ack, 4096);
    send_frame(ack, 4);
    send_cmd(0x08, sync, sizeof sync, 0); /* taken as the end of the stream */
    send_cmd(0x08, sync, sizeof sync, 0); /* answered */
    run_stub();
    expect_ok(0xD2, "read_flash");
    CHECK(next_frame + 3 <= NF && FL[next_frame] == 4096 && FL[next_frame + 1] == 4096, "blocks before the SYNC");
    next_frame += 2;
    char want[33], got[33];
    md5_of(fake_flash + 0x4000, 8192, want);
    hex(F[next_frame], got);
    CHECK(FL[next_frame] == 16 && strcmp(want, got) == 0, "digest of what was sent %s, wanted %s", got, want);
    next_frame++;
    expect_ok(0x08, "sync after the cut read");
    CHECK(next_frame == NF, "%zu unexpected frames", NF - next_frame);
}

#include "deflate_test.inc"
#include "swap_test.inc"

int main(int argc, char **argv) {
    out_dir = argc > 1 ? argv[1] : ".";
    test_md5();
    test_inflate();
    test_basic_commands();
    test_deflate_write_and_read_back();
    test_plain_write_and_errors();
    test_deflate();
    test_read_flash_deflated();
    test_read_ended_by_sync();
    test_swap_session();
    test_swap_errors();
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}

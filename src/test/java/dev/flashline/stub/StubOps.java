package dev.flashline.stub;

import static dev.flashline.stub.QemuStub.checksum;
import static dev.flashline.stub.QemuStub.dataBody;
import static dev.flashline.stub.QemuStub.words;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Host-side sequences of stub commands, built by hand for the QEMU test and the benchmark. */
final class StubOps {
    static final int FLASH_BEGIN = 0x02;
    static final int FLASH_DATA = 0x03;
    static final int FLASH_END = 0x04;
    static final int SYNC = 0x08;
    static final int WRITE_REG = 0x09;
    static final int READ_REG = 0x0A;
    static final int SPI_SET_PARAMS = 0x0B;
    static final int SPI_ATTACH = 0x0D;
    static final int CHANGE_BAUDRATE = 0x0F;
    static final int FLASH_DEFL_BEGIN = 0x10;
    static final int FLASH_DEFL_DATA = 0x11;
    static final int FLASH_DEFL_END = 0x12;
    static final int SPI_FLASH_MD5 = 0x13;
    static final int ERASE_FLASH = 0xD0;
    static final int ERASE_REGION = 0xD1;
    static final int READ_FLASH = 0xD2;
    static final int RUN_USER_CODE = 0xD3;
    static final int READ_FLASH_DEFL = 0xE0;
    static final int WRITE_BLOCK = 0x4000;

    private StubOps() {
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(9);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static byte[] md5(byte[] data, int from, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(data, from, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void expectOk(QemuStub.Response r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " failed: error 0x" + Integer.toHexString(r.status()));
        }
    }

    /** FLASH_DEFL_BEGIN / DATA… / END; returns the number of compressed bytes sent. */
    static int writeDeflated(QemuStub stub, int offset, byte[] image) throws IOException, InterruptedException {
        byte[] z = zlib(image);
        int blocks = (z.length + WRITE_BLOCK - 1) / WRITE_BLOCK;
        expectOk(stub.command(FLASH_DEFL_BEGIN, words(image.length, blocks, WRITE_BLOCK, offset)), "FLASH_DEFL_BEGIN");
        for (int i = 0; i < blocks; i++) {
            int from = i * WRITE_BLOCK;
            int len = Math.min(WRITE_BLOCK, z.length - from);
            expectOk(stub.command(FLASH_DEFL_DATA, dataBody(i, z, from, len), checksum(z, from, len),
                    Duration.ofSeconds(15)), "FLASH_DEFL_DATA " + i);
        }
        expectOk(stub.command(FLASH_DEFL_END, words(1)), "FLASH_DEFL_END");
        return z.length;
    }

    /** FLASH_BEGIN / DATA… / END with the last block padded with 0xFF, as hosts send it. */
    static void writePlain(QemuStub stub, int offset, byte[] image) throws IOException, InterruptedException {
        int blocks = (image.length + WRITE_BLOCK - 1) / WRITE_BLOCK;
        expectOk(stub.command(FLASH_BEGIN, words(image.length, blocks, WRITE_BLOCK, offset)), "FLASH_BEGIN");
        for (int i = 0; i < blocks; i++) {
            byte[] block = new byte[WRITE_BLOCK];
            Arrays.fill(block, (byte) 0xFF);
            int from = i * WRITE_BLOCK;
            System.arraycopy(image, from, block, 0, Math.min(WRITE_BLOCK, image.length - from));
            expectOk(stub.command(FLASH_DATA, dataBody(i, block, 0, WRITE_BLOCK), checksum(block, 0, WRITE_BLOCK),
                    Duration.ofSeconds(15)), "FLASH_DATA " + i);
        }
        expectOk(stub.command(FLASH_END, words(1)), "FLASH_END");
    }

    /** READ_FLASH with acknowledgements; checks the stub's closing MD5 against the data. */
    static byte[] readFlash(QemuStub stub, int offset, int length, int blockSize, int inFlight)
            throws IOException, InterruptedException {
        expectOk(stub.command(READ_FLASH, words(offset, length, blockSize, inFlight)), "READ_FLASH");
        byte[] out = new byte[length];
        int got = 0;
        while (got < length) {
            byte[] f = stub.frame(Duration.ofSeconds(10));
            if (f.length > blockSize || got + f.length > length) {
                throw new IOException("READ_FLASH frame of " + f.length + " bytes after " + got);
            }
            System.arraycopy(f, 0, out, got, f.length);
            got += f.length;
            stub.sendFrame(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(got).array());
        }
        byte[] digest = stub.frame(Duration.ofSeconds(10));
        if (!Arrays.equals(digest, md5(out, 0, length))) {
            throw new IOException("READ_FLASH closing MD5 " + QemuStub.hex(digest) + " does not match the data");
        }
        return out;
    }

    /**
     * READ_FLASH_DEFL: acknowledges each frame with the compressed total, inflates the raw DEFLATE
     * stream with java.util.zip, checks the closing MD5. Returns the data; compressed size in sizeOut[0].
     */
    static byte[] readFlashDeflated(QemuStub stub, int offset, int length, int blockSize, int inFlight, int[] sizeOut)
            throws IOException, InterruptedException {
        expectOk(stub.command(READ_FLASH_DEFL, words(offset, length, blockSize, inFlight)), "READ_FLASH_DEFL");
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        byte[] out = new byte[length];
        int got = 0;
        int compressed = 0;
        try {
            while (!inflater.finished()) {
                byte[] f = stub.frame(Duration.ofSeconds(20));
                if (f.length == 0 || f.length > blockSize) {
                    throw new IOException("READ_FLASH_DEFL frame of " + f.length + " bytes after " + compressed);
                }
                compressed += f.length;
                stub.sendFrame(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(compressed).array());
                inflater.setInput(f);
                while (!inflater.needsInput() && !inflater.finished()) {
                    if (got == length) {
                        throw new IOException("READ_FLASH_DEFL inflates past " + length + " bytes");
                    }
                    got += inflater.inflate(out, got, length - got);
                }
            }
            if (got != length || inflater.getRemaining() != 0) {
                throw new IOException("READ_FLASH_DEFL gave " + got + " bytes, " + inflater.getRemaining() + " left over");
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IOException("READ_FLASH_DEFL stream is not valid DEFLATE: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        byte[] digest = stub.frame(Duration.ofSeconds(10));
        if (!Arrays.equals(digest, md5(out, 0, length))) {
            throw new IOException("READ_FLASH_DEFL closing MD5 " + QemuStub.hex(digest) + " does not match the data");
        }
        sizeOut[0] = compressed;
        return out;
    }

    static byte[] flashMd5(QemuStub stub, int offset, int length) throws IOException, InterruptedException {
        QemuStub.Response r = stub.command(SPI_FLASH_MD5, words(offset, length, 0, 0), 0, Duration.ofSeconds(15));
        expectOk(r, "SPI_FLASH_MD5");
        return r.data();
    }

    /** Firmware-like bytes: runs of structure with some noise, compressing roughly 2:1. */
    static byte[] firmwareLike(int size, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            int run = 1 + rnd.nextInt(64);
            if (rnd.nextInt(3) == 0 && i > 1024) {
                int from = i - 1 - rnd.nextInt(1024);
                for (int k = 0; k < run && i < size; k++) {
                    out[i++] = out[from + k];
                }
            } else {
                for (int k = 0; k < run && i < size; k++) {
                    out[i++] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0x20 + rnd.nextInt(16));
                }
            }
        }
        return out;
    }
}

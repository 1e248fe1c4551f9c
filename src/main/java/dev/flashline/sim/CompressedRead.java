package dev.flashline.sim;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * READ_FLASH_DEFL (0xE0), the command only flashline's stub has: like READ_FLASH, but the data
 * frames carry one raw DEFLATE stream (RFC 1951, no zlib header) of the requested range. Request:
 * offset, length, block (largest data frame, 1..4096), in flight (data frames the host may leave
 * unacknowledged, 1..64). Answered first; then data frames, each acknowledged by the host with the
 * u32 LE total of compressed bytes received; once all are acknowledged, a 16-byte frame with the
 * MD5 of the uncompressed range. Written from that specification with java.util.zip, not from the
 * stub's C: the stream's bytes differ from the chip's, its meaning does not.
 */
final class CompressedRead {
    /** The stub reads and compresses flash 4 KB at a time... */
    static final int CHUNK = VirtualFlash.SECTOR_SIZE;
    /** ...and sends what it has after every 64 KB of input even if a frame is not full. */
    static final int FLUSH_EVERY = 64 * 1024;
    static final int MAX_BLOCK = 4096;
    static final int MAX_IN_FLIGHT = 64;

    private final DevicePort port;
    private final FlashChip flash;

    CompressedRead(DevicePort port, FlashChip flash) {
        this.port = port;
        this.flash = flash;
    }

    void run(Request req) throws IOException {
        int op = Opcodes.READ_FLASH_DEFL;
        int err = StubErrors.OK;
        long address = 0;
        long length = 0;
        long block = 0;
        long inFlight = 0;
        if (req.data().length != 16) {
            err = StubErrors.BAD_DATA_LEN;
        } else {
            address = req.word(0);
            length = req.word(1);
            block = req.word(2);
            inFlight = Math.max(1, Math.min(MAX_IN_FLIGHT, req.word(3)));
            if (block == 0 || block > MAX_BLOCK) {
                err = StubErrors.BAD_BLOCKSIZE;
            } else if (!flash.contains(address, length)) {
                err = StubErrors.FAILED_SPI_OP;
            }
        }
        port.sendFrame(Request.response(op, 0, new byte[0], new byte[] {(byte) err, 0}));
        if (err == StubErrors.OK) {
            stream(address, length, (int) block, inFlight * block);
        }
    }

    private void stream(long address, long length, int block, long window) throws IOException {
        MessageDigest md = md5();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        Sender sender = new Sender(block, window);
        byte[] out = new byte[CHUNK + 64];
        long sinceFlush = 0;
        try {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(CHUNK, length - done);
                byte[] chunk = flash.readUncharged(address + done, n);
                flash.chargeDeflate(n);
                md.update(chunk);
                deflater.setInput(chunk);
                done += n;
                sinceFlush += n;
                boolean flush = sinceFlush >= FLUSH_EVERY;
                int mode = flush ? Deflater.SYNC_FLUSH : Deflater.NO_FLUSH;
                int produced;
                while ((produced = deflater.deflate(out, 0, out.length, mode)) > 0 || !deflater.needsInput()) {
                    sender.add(out, produced);
                }
                if (flush) {
                    sender.sendFull(true);
                    sinceFlush = 0;
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                sender.add(out, deflater.deflate(out));
            }
            if (!sender.sendFull(true) || !sender.awaitAll()) {
                return;
            }
        } finally {
            deflater.end();
        }
        port.sendFrame(md.digest());
    }

    /** Compressed bytes waiting to go out, and the host's acknowledgements. */
    private final class Sender {
        private final int block;
        private final long window;
        private byte[] pending = new byte[0];
        private long sent;
        private long acked;

        Sender(int block, long window) {
            this.block = block;
            this.window = window;
        }

        void add(byte[] data, int n) throws IOException {
            if (n <= 0) {
                return;
            }
            byte[] grown = Arrays.copyOf(pending, pending.length + n);
            System.arraycopy(data, 0, grown, pending.length, n);
            pending = grown;
            sendFull(false);
        }

        /** Sends whole frames (and with partialToo the remainder); false when the host stopped acknowledging. */
        boolean sendFull(boolean partialToo) throws IOException {
            int pos = 0;
            while (pending.length - pos >= block || (partialToo && pos < pending.length)) {
                int n = Math.min(block, pending.length - pos);
                while (sent + n - acked > window) {
                    if (!awaitAck()) {
                        return false;
                    }
                }
                port.sendFrame(Arrays.copyOfRange(pending, pos, pos + n));
                sent += n;
                pos += n;
            }
            pending = Arrays.copyOfRange(pending, pos, pending.length);
            return true;
        }

        boolean awaitAll() throws IOException {
            while (acked < sent) {
                if (!awaitAck()) {
                    return false;
                }
            }
            return true;
        }

        private boolean awaitAck() throws IOException {
            byte[] ack = port.nextFrame(-1);
            if (ack.length != 4) {
                return false;
            }
            long v = Opcodes.u32(ack, 0);
            if (v > acked && v <= sent) {
                acked = v;
            }
            return true;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}

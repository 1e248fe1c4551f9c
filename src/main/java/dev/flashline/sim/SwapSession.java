package dev.flashline.sim;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * READ_WRITE_DEFL (0xE1), flashline's stub only: sends the old flash of the read range out as a
 * compressed stream while it takes a compressed image in and writes it behind the host's
 * acknowledgements (the "swap"; frames and rules in src/stub/SWAP.md). Written from that specification,
 * not from the stub's C or the host's code.
 *
 * <p>The device thread plays the stub's single CPU, polling its UART: it does one thing at a time
 * (hand the next 'R' frame to the UART, process a received 'e'/'d'/'f', compress a chunk). The
 * stub feeds the 'R' frame in progress into its TX FIFO between the steps of any work, so a frame
 * handed over keeps going out while it programs or compresses; a new one is handed over only once
 * at most 128 bytes are still queued, and an answer only after the frame in progress has gone. An
 * erase blocks the CPU: before it the output drains to what the 128-byte TX FIFO holds. The two
 * line directions run on their own at the line rate.
 */
final class SwapSession {
    static final byte TAG_READ = 'R';
    static final byte TAG_WRITTEN = 'W';
    static final byte TAG_MD5 = 'M';
    static final byte TAG_FINISHED = 'F';
    static final byte TAG_FAILED = 'X';
    static final byte TAG_ACK = 'a';
    static final byte TAG_ERASE = 'e';
    static final byte TAG_DATA = 'd';
    static final byte TAG_FINISH = 'f';

    static final int REQUEST_LENGTH = 32;
    static final int MAX_FRAME = 4096;
    static final int MAX_IN_FLIGHT = 8;
    /** The ESP8266 UART's FIFOs: 128 bytes each way. */
    static final int UART_FIFO = 128;
    /** The stub's receive buffers: e/d/f frames it can hold unanswered. */
    static final int RX_BUFFERS = 2;
    /** Compressed output the stub keeps ready, in frames: enough that the line never waits on a chunk. */
    private static final int FRAMES_AHEAD = 2;
    private static final long IDLE_WAIT_MILLIS = 60_000;

    private final DevicePort port;
    private final FlashChip flash;

    private long readOffset;
    private SwapReadStream read;
    private SwapWriter writer;
    private int frame;
    private int writeFrame;
    /** Received e/d/f frames not yet answered, the one being worked on first. */
    private final Deque<byte[]> work = new ArrayDeque<>();
    private boolean md5Sent;
    private boolean writeAlone;
    private boolean finishSent;

    SwapSession(DevicePort port, FlashChip flash) {
        this.port = port;
        this.flash = flash;
    }

    /** Answers the request, then runs the session until it ends (or the link goes away). */
    void run(Request req) throws IOException {
        int err = open(req);
        port.sendFrame(Request.response(Opcodes.READ_WRITE_DEFL, 0, new byte[0], new byte[] {(byte) err, 0}));
        if (err != StubErrors.OK) {
            return;
        }
        try {
            loop();
        } finally {
            read.end();
            writer.end();
        }
    }

    private int open(Request req) {
        if (req.data().length != REQUEST_LENGTH) {
            return StubErrors.BAD_DATA_LEN;
        }
        long offset = req.word(0);
        long length = req.word(1);
        long frameSize = req.word(2);
        long inFlight = Math.max(1, Math.min(MAX_IN_FLIGHT, req.word(3)));
        long writeOffset = req.word(4);
        long writeSize = req.word(5);
        long writeFrameSize = req.word(6);
        int sector = VirtualFlash.SECTOR_SIZE;
        if (offset % sector != 0 || length % sector != 0 || writeOffset % sector != 0 || writeSize == 0) {
            return StubErrors.BAD_DATA_LEN;
        }
        // read length 0: a write alone; else the write lies inside the read
        if (length != 0 && (writeOffset < offset || writeOffset + writeSize > offset + length)) {
            return StubErrors.BAD_DATA_LEN;
        }
        if (frameSize == 0 || frameSize > MAX_FRAME || writeFrameSize == 0 || writeFrameSize > MAX_FRAME) {
            return StubErrors.BAD_BLOCKSIZE;
        }
        if (!flash.contains(offset, length) || !flash.contains(writeOffset, writeSize)) {
            return StubErrors.FAILED_SPI_OP;
        }
        writeAlone = length == 0;
        md5Sent = writeAlone; // no 'R' stream, no 'M'
        readOffset = offset;
        frame = (int) frameSize;
        writeFrame = (int) writeFrameSize;
        read = new SwapReadStream(flash, offset, length, frame, (int) inFlight);
        writer = new SwapWriter(flash, writeOffset, writeSize);
        return StubErrors.OK;
    }

    private void loop() throws IOException {
        while (pollReceived()) {
            // handing an 'R' frame over costs the CPU nothing: it goes out while the work below runs
            boolean handed = port.txBacklog() <= UART_FIFO && read.frameReady();
            if (handed) {
                port.sendFrame(tagged(TAG_READ, read.takeFrame()));
            }
            if (!work.isEmpty()) {
                if (!process(work.peek())) {
                    return;
                }
            } else if (handed) {
                continue;
            } else if (read.wantsInput(FRAMES_AHEAD * frame)) {
                read.compressChunk();
            } else if (!md5Sent && read.allAcknowledged()) {
                send(TAG_MD5, read.digest());
                md5Sent = true;
            } else if (md5Sent && finishSent) {
                return;
            } else if (!awaitReceived()) {
                return;
            }
        }
    }

    /** Takes every frame that has arrived; false when the session is over (left or failed). */
    private boolean pollReceived() throws IOException {
        byte[] f;
        while ((f = port.pollFrame()) != null) {
            if (!received(f)) {
                return false;
            }
        }
        return true;
    }

    /** Nothing to do: waits for a frame, or until the UART can take the next 'R' frame. */
    private boolean awaitReceived() throws IOException {
        long millis = IDLE_WAIT_MILLIS;
        if (read.frameReady()) {
            millis = Math.max(1, (port.nanosUntilTxBacklog(UART_FIFO) + 999_999) / 1_000_000);
        }
        byte[] f = port.nextFrame(millis);
        return f == null || received(f);
    }

    private boolean received(byte[] f) throws IOException {
        byte tag = f[0];
        if (tag == TAG_ACK) {
            if (f.length == 5) {
                read.acknowledge(Opcodes.u32(f, 1));
            }
            return true;
        }
        if (tag == TAG_ERASE || tag == TAG_DATA || tag == TAG_FINISH) {
            if (work.size() >= RX_BUFFERS) {
                send(TAG_FAILED, new byte[] {(byte) StubErrors.RX_OVERFLOW});
                return false;
            }
            work.add(f);
            return true;
        }
        return false; // not a session frame (a host that gave up): back to the command loop, silently
    }

    /** Flash below this may be erased and written: what the host acknowledged reading, or all of it for a write alone. */
    private long frontierEnd() {
        return writeAlone ? Long.MAX_VALUE : readOffset + read.frontier();
    }

    /** Does the work of the oldest e/d/f frame and answers it; false when the session is over. */
    private boolean process(byte[] f) throws IOException {
        byte tag = f[0];
        long limit = frontierEnd();
        int err;
        if (finishSent) {
            err = StubErrors.NOT_IN_FLASH_MODE;
        } else if (tag == TAG_ERASE) {
            if (f.length != 10) {
                err = StubErrors.BAD_DATA_LEN;
            } else if (Opcodes.checksum(f, 2, 8) != (f[1] & 0xFF)) {
                err = StubErrors.BAD_DATA_CHECKSUM; // a damaged address must not erase anything
            } else {
                if (!pollReceived()) { // acks waiting in the FIFO may move the frontier
                    return false;
                }
                limit = frontierEnd();
                // the blank checks run while the output drains; an erase command blocks the CPU, so
                // before it the UART keeps only what its TX FIFO holds
                err = writer.erase(Opcodes.u32(f, 2), Opcodes.u32(f, 6), limit, () -> port.awaitTxBacklog(UART_FIFO));
                if (port.rxUnread() > UART_FIFO) {
                    send(TAG_FAILED, new byte[] {(byte) StubErrors.RX_OVERFLOW});
                    return false;
                }
            }
        } else if (tag == TAG_DATA) {
            // 'd' + checksum + payload; programming goes on while the 'R' frame in progress goes out
            if (f.length < 3 || f.length - 2 > writeFrame) {
                err = StubErrors.BAD_DATA_LEN;
            } else if (dataChecksum(f, 2) != (f[1] & 0xFF)) {
                err = StubErrors.BAD_DATA_CHECKSUM;
            } else {
                err = writer.data(f, 2, f.length - 2, limit);
            }
        } else {
            err = writer.finish(limit);
        }
        // frames that came in meanwhile count against the receive buffers while this one is unanswered
        if (!pollReceived()) {
            return false;
        }
        work.poll();
        return answer(tag, err);
    }

    private boolean answer(byte tag, int err) throws IOException {
        if (err == StubErrors.NOT_BACKED_UP) {
            send(TAG_FAILED, new byte[] {(byte) err});
            return false;
        }
        if (tag == TAG_FINISH) {
            send(TAG_FINISHED, new byte[] {(byte) err});
            finishSent = true;
            return !md5Sent;
        }
        byte[] body = new byte[5];
        body[0] = (byte) err;
        Opcodes.putU32(body, 1, writer.written());
        send(TAG_WRITTEN, body);
        return err == StubErrors.OK;
    }

    /** esptool's data checksum: 0xEF XOR every byte from the offset on. */
    static int dataChecksum(byte[] f, int from) {
        int sum = 0xEF;
        for (int i = from; i < f.length; i++) {
            sum ^= f[i] & 0xFF;
        }
        return sum;
    }

    /** An answer frame: queued once the 'R' frame in progress has all gone into the TX FIFO. */
    private void send(byte tag, byte[] body) throws IOException {
        port.awaitTxBacklog(UART_FIFO);
        port.sendFrame(tagged(tag, body));
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] f = new byte[1 + body.length];
        f[0] = tag;
        System.arraycopy(body, 0, f, 1, body.length);
        return f;
    }
}

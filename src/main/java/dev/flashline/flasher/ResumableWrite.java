package dev.flashline.flasher;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.CommandFailedException;
import dev.flashline.loader.StubLoader;
import dev.flashline.protocol.LoaderErrors;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A write through the stub that survives line faults (see RECOVERY.md): one stream for the whole
 * image; a block the stub refused for its checksum or length is sent again (nothing was written);
 * any other fault ends the stream, and after resynchronising or reconnecting the device's MD5 of
 * each 64 KB chunk tells which chunks to write again, each as a fresh stream from its boundary.
 * Only an MD5 of the whole image from the device ends it.
 */
final class ResumableWrite {
    /** Chunks for resuming: aligned on 64 KB flash blocks, so a rewrite erases nothing the first stream did not. */
    static final int CHUNK = 0x10000;
    private static final int RESENDS = 3;
    private static final int REPAIR_ROUNDS = 4;

    private final FlashSession session;
    private final Progress progress;
    private final Recovery recovery;
    private final DeviceDigest digest;
    private final boolean compress;
    private long sent;
    /** Image bytes the current stream has had acknowledged (approximate for compressed blocks): for messages. */
    private int streamed;

    ResumableWrite(FlashSession session, Progress progress, boolean compress) {
        this(session, progress, compress, new Recovery(session, "write"));
    }

    /** @param recovery the write's allowance of recoveries, shared with whatever wrote before (a broken stream) */
    ResumableWrite(FlashSession session, Progress progress, boolean compress, Recovery recovery) {
        this.session = session;
        this.progress = progress;
        this.compress = compress;
        this.recovery = recovery;
        this.digest = new DeviceDigest(session, recovery);
    }

    /** Bytes of (compressed) data sent, resends and rewrites included. */
    long sent() {
        return sent;
    }

    /** Writes {@code data} at {@code offset}; returns true when the device's MD5 of the region was checked and matched. */
    boolean write(byte[] data, int offset, boolean verify) {
        boolean clean = true;
        try {
            stream(data, 0, data.length, offset, true);
        } catch (FlashlineException e) {
            recovery.recover(e, String.format("near 0x%X", offset + streamed));
            clean = false;
        }
        if (clean && !verify) {
            return false;
        }
        return checkAndRepair(data, offset, clean);
    }

    /**
     * After another way of writing broke off or did not verify: the device's MD5 of each 64 KB chunk
     * tells which chunks to write again. Returns true once the whole image's MD5 matches.
     */
    boolean repair(byte[] data, int offset) {
        return checkAndRepair(data, offset, false);
    }

    /** Whole-image MD5; on a mismatch, the chunks whose MD5 differs are written again. */
    private boolean checkAndRepair(byte[] data, int offset, boolean clean) {
        byte[] whole = Flasher.md5(data);
        Set<Integer> rewritten = new HashSet<>();
        for (int round = 0; ; round++) {
            if (round > REPAIR_ROUNDS) {
                throw mismatch(offset, data.length, whole);
            }
            try {
                progress.update("verify", 0, data.length);
                if (digest.matches(offset, data.length, whole)) {
                    progress.update("verify", data.length, data.length);
                    if (!clean) {
                        session.log("write: the device's MD5 of the whole image matches after " + recovery.count());
                    }
                    return true;
                }
                for (int from = 0; from < data.length; ) {
                    int to = Math.min(data.length, (int) (((long) offset + from) / CHUNK * CHUNK + CHUNK - offset));
                    int length = to - from;
                    byte[] expected = Flasher.md5(data, from, length);
                    if (!digest.matches(offset + from, length, expected)) {
                        if (!rewritten.add(from)) {
                            throw mismatch(offset, data.length, whole);
                        }
                        session.log(String.format("write: flash 0x%X..0x%X differs from the image — writing it again",
                                offset + from, offset + to));
                        stream(data, from, length, offset + from, false);
                    }
                    from = to;
                }
            } catch (FlashlineException e) {
                if (e.code() == ErrorCode.VERIFY_MISMATCH) {
                    throw e;
                }
                rewritten.clear(); // a rewrite the line spoiled proves nothing about the flash
                recovery.recover(e, String.format("near 0x%X", offset + streamed));
            }
            clean = false;
        }
    }

    private FlashlineException mismatch(int offset, int length, byte[] whole) {
        return new FlashlineException(ErrorCode.VERIFY_MISMATCH, String.format(
                "Verify failed: flash at 0x%X holds MD5 %s, the image has %s (the differing part was written twice)",
                offset, digest.digestOf(offset, length), Flasher.hex(whole)),
                "Write again. If it fails again at the same place, the flash chip may be worn or the supply too weak.");
    }

    /** One download stream of data[from, from + length) to flash at {@code address}. */
    private void stream(byte[] data, int from, int length, int address, boolean reportProgress) {
        StubLoader stub = session.requireStub("Writing with recovery");
        streamed = from;
        byte[] payload = compress ? Flasher.deflate(Arrays.copyOfRange(data, from, from + length))
                : Arrays.copyOfRange(data, from, from + length);
        int block = stub.flashBlockSize();
        int blocks = (payload.length + block - 1) / block;
        if (compress) {
            stub.flashDeflBegin(length, blocks, block, address);
        } else {
            stub.flashBegin(length, blocks, block, address);
        }
        // Each block may inflate to much more flash than its size: give it time for the whole stream's ratio.
        long inflatesTo = (long) Math.ceil((double) length / Math.max(1, blocks));
        byte[] buffer = new byte[block];
        for (int seq = 0; seq < blocks; seq++) {
            int at = seq * block;
            int size = Math.min(block, payload.length - at);
            System.arraycopy(payload, at, buffer, 0, size);
            if (!compress && size < block) {
                Arrays.fill(buffer, size, block, (byte) 0xFF); // the last plain block is padded, as the erased state
                size = block;
            }
            sendBlock(stub, buffer, size, seq, inflatesTo);
            streamed = from + (int) Math.min(length, (long) (seq + 1) * length / blocks);
            if (reportProgress) {
                progress.update("write", streamed, data.length);
            }
        }
        if (compress) {
            stub.flashDeflEnd();
        } else {
            stub.flashEnd();
        }
    }

    /** A block the stub refused for its checksum or length was not written: sending it again is safe. */
    private void sendBlock(StubLoader stub, byte[] buffer, int size, int seq, long inflatesTo) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (compress) {
                    stub.flashDeflData(buffer, size, seq, inflatesTo);
                } else {
                    stub.flashData(Arrays.copyOf(buffer, size), seq);
                }
                sent += size;
                return;
            } catch (FlashlineException e) {
                if (!LineFaults.rejectedUnchanged(e) || attempt >= RESENDS) {
                    throw e;
                }
                sent += size;
                recovery.note("resent block " + seq + " after the stub refused it ("
                        + LoaderErrors.describe(((CommandFailedException) e).errorCode()) + ")");
            }
        }
    }
}

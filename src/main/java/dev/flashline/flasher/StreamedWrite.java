package dev.flashline.flasher;

import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.StubLoader;
import dev.flashline.loader.WriteBehindRead;

/**
 * A compressed write through flashline's stub as one READ_WRITE_DEFL session with nothing to read:
 * the image streams in while the stub programs what came before, and blank sectors are not erased.
 * (Its FLASH_DEFL_DATA is answered only once a block is written: the stub polls its UART, so the
 * line would wait on every block.) Any other stub, a broken stream or an image that does not verify
 * leaves the write to {@link ResumableWrite}: from the start, or (after a broken stream) only the
 * 64 KB chunks whose MD5 on the device differs.
 */
final class StreamedWrite {
    /** How the stream ended. */
    enum Outcome { UNSUPPORTED, WRITTEN, VERIFIED, NEEDS_REPAIR }

    private final FlashSession session;
    private final Progress progress;
    private final Recovery recovery;
    private long sent;

    /** @param recovery the write's allowance of recoveries, shared with the block-by-block write that may follow */
    StreamedWrite(FlashSession session, Progress progress, Recovery recovery) {
        this.session = session;
        this.progress = progress;
        this.recovery = recovery;
    }

    /** Compressed image bytes sent. */
    long sent() {
        return sent;
    }

    Outcome write(byte[] data, int offset, boolean verify) {
        StubLoader stub = session.requireStub("Writing");
        WriteBehindRead stream = WriteBehindRead.writeAlone(stub, offset, data, new WriteBehindRead.Listener() {
            @Override
            public void read(long done, long total) {
            }

            @Override
            public void written(long done, long total) {
                progress.update("write", done, total);
            }
        });
        try {
            if (!stream.run()) {
                return Outcome.UNSUPPORTED; // not flashline's stub
            }
        } catch (FlashlineException e) {
            sent = stream.sentImageBytes();
            if (!LineFaults.isLineFault(e)) {
                throw e;
            }
            recovery.recover(e, String.format("after 0x%X", offset + stream.written()));
            session.log("write: the stream broke; the chunks that differ are written again");
            return Outcome.NEEDS_REPAIR;
        }
        sent = stream.sentImageBytes();
        if (!verify) {
            return Outcome.WRITTEN;
        }
        if (!new DeviceDigest(session, recovery).matches(offset, data.length, Flasher.md5(data))) {
            session.log("write: the streamed image does not verify; the chunks that differ are written again");
            return Outcome.NEEDS_REPAIR;
        }
        return Outcome.VERIFIED;
    }
}

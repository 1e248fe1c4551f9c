package dev.flashline.loader;

import dev.flashline.protocol.Opcode;
import dev.flashline.protocol.Packets;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A session with the chip's ROM loader: 0x400-byte flash blocks, no MD5, no read, no baud change. */
public final class RomLoader extends Loader {
    public static final int FLASH_BLOCK = 0x400;
    private static final long OHAI_TIMEOUT_MS = 3_000;
    private static final long GREETING_PROBE_MS = 2_000;
    private static final byte[] OHAI = "OHAI".getBytes(StandardCharsets.US_ASCII);

    public RomLoader(PacketLink link, int statusLength) {
        super(link, statusLength);
    }

    @Override
    public boolean isStub() {
        return false;
    }

    @Override
    public int flashBlockSize() {
        return FLASH_BLOCK;
    }

    /** FLASH_END: 1 asks the ROM to run the user code, 0 to reboot. */
    public void flashEnd(boolean runUserCode) {
        check(Opcode.FLASH_END, Packets.words(runUserCode ? 1 : 0), 0, Timeouts.DEFAULT_MS);
    }

    @Override
    public void runUserCode() {
        // The ROM runs user code only at the end of a flash download, so open an empty one.
        flashBegin(0, 0, FLASH_BLOCK, 0);
        flashEnd(true);
    }

    /** Uploads a flasher stub to RAM, starts it and waits for its "OHAI" greeting. */
    public StubLoader runStub(StubImage stub) {
        for (StubImage.Segment segment : stub.segments()) {
            byte[] bytes = segment.bytes();
            int blocks = (bytes.length + RAM_BLOCK - 1) / RAM_BLOCK;
            memBegin(bytes.length, blocks, RAM_BLOCK, segment.address());
            for (int seq = 0; seq < blocks; seq++) {
                int from = seq * RAM_BLOCK;
                memData(bytes, from, Math.min(RAM_BLOCK, bytes.length - from), seq);
            }
        }
        check(Opcode.MEM_END, Packets.words(0, stub.entry()), 0, Timeouts.DEFAULT_MS);
        awaitGreeting(stub);
        return new StubLoader(link);
    }

    /**
     * Waits for "OHAI". A greeting damaged on the line is not a stub that failed to start: when
     * something else (or nothing) arrives, a SYNC tells whether the stub runs after all.
     */
    private void awaitGreeting(StubImage stub) {
        long deadline = System.currentTimeMillis() + OHAI_TIMEOUT_MS;
        boolean otherBytes = false;
        while (System.currentTimeMillis() < deadline) {
            long before = link.bytesReceived();
            byte[] frame = link.receive(Math.max(1, deadline - System.currentTimeMillis()));
            if (frame != null && Arrays.equals(frame, OHAI)) {
                return;
            }
            if (link.bytesReceived() != before) {
                otherBytes = true;
                if (frame != null) {
                    break; // a frame that is not the greeting: ask directly instead of waiting out the timeout
                }
            }
        }
        SyncObservation probe = Connector.resync(link, GREETING_PROBE_MS);
        if (probe.synced() && probe.stubRunning()) {
            return;
        }
        if (otherBytes || probe.synced()) {
            throw new FlashlineException(ErrorCode.LINK_GARBLED, "The flasher stub (" + stub.origin()
                    + ") was started but its greeting arrived damaged and it " + (probe.synced()
                    ? "is not running (the ROM answered instead)" : "did not answer SYNC afterwards"),
                    Hint.text("Bytes were damaged on the line: check the cable and the supply, then run it again."));
        }
        throw new FlashlineException(ErrorCode.STUB_NO_GREETING,
                "The flasher stub (" + stub.origin() + ") was started but neither greeted nor answered SYNC",
                Hint.of("Try {} to use the ROM loader only, or pass another stub file with {}.", Setting.NO_STUB, Setting.STUB));
    }
}

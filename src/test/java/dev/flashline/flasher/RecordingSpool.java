package dev.flashline.flasher;

import dev.flashline.loader.WriteBehindRead;
import java.io.ByteArrayOutputStream;

/** A spool for tests: keeps the blocks it is given in memory, in order; no earlier run's bytes unless set. */
public final class RecordingSpool implements BackupSpool {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private byte[] earlier;

    @Override
    public WriteBehindRead.Keeper open(String mac) {
        return (offset, data, from, length) -> {
            if (offset != kept.size()) {
                throw new AssertionError("block at 0x" + Integer.toHexString(offset) + " kept out of order");
            }
            kept.write(data, from, length);
        };
    }

    @Override
    public byte[] earlier(String mac) {
        return earlier;
    }

    public RecordingSpool withEarlier(byte[] bytes) {
        this.earlier = bytes;
        return this;
    }

    /** Everything kept so far, from offset 0. */
    public byte[] kept() {
        return kept.toByteArray();
    }
}

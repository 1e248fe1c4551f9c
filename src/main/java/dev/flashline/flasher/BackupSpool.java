package dev.flashline.flasher;

import dev.flashline.loader.WriteBehindRead;

/**
 * Where the old flash of a device waits, on disk, while the new image is written behind its
 * backup: a block is erased only once the spool has it, so a station killed mid-write still holds
 * every byte the device lost.
 */
public interface BackupSpool {
    /** A keeper for the device with this MAC; each keep returns once the bytes are stored durably. */
    WriteBehindRead.Keeper open(String mac);

    /**
     * The old flash an earlier, unfinished run kept for this device (from offset 0), or null. The
     * device itself may no longer hold those bytes: they are the backup's start.
     */
    byte[] earlier(String mac);
}

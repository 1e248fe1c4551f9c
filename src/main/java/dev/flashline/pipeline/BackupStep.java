package dev.flashline.pipeline;

import dev.flashline.audit.BackupRef;
import dev.flashline.audit.BackupStore;
import dev.flashline.audit.StoredBlocks;
import dev.flashline.camel.DeviceRun;
import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.KnownContent;
import org.apache.camel.Exchange;

/**
 * Bean {@code backups}: stores the flash image {@code esp:backup} read, unless a backup of this MAC
 * with the same content is already there (a device that comes back for a second try).
 */
public final class BackupStep {
    private final BackupStore store;

    public BackupStep(BackupStore store) {
        this.store = store;
    }

    public void store(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        byte[] flash = exchange.getMessage().getBody(byte[].class);
        String sha256 = run.backupSha256();
        if (flash == null || sha256 == null) {
            throw FlashlineException.badInput("backups.store needs esp:backup before it (the flash bytes in the body)", "Fix the route.");
        }
        BackupRef ref = run.step("backup-store", () -> store.findSame(run.chip().mac(), sha256)
                .orElseGet(() -> store.save(run.chip().mac(), flash)));
        run.backup(ref);
        exchange.getMessage().setBody(null);
    }

    /**
     * The station's stored backups as content a backup need not carry over the line again (bean
     * {@code storedBlocks}, used as {@code esp:backup?knownContent=#storedBlocks}).
     */
    public static KnownContent knownContent(StoredBlocks blocks) {
        return new KnownContent() {
            @Override
            public byte[] find(byte[] md5, int length) {
                return blocks.find(md5, length);
            }

            @Override
            public boolean worthAsking(int length) {
                return blocks.hasAny();
            }
        };
    }
}

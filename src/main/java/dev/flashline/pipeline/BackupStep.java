package dev.flashline.pipeline;

import dev.flashline.audit.BackupRef;
import dev.flashline.audit.BackupStore;
import dev.flashline.audit.SpooledBackups;
import dev.flashline.audit.StoredBlocks;
import dev.flashline.camel.EspConstants;
import dev.flashline.flasher.BackupSpool;
import dev.flashline.camel.DeviceRun;
import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.KnownContent;
import dev.flashline.loader.WriteBehindRead;
import org.apache.camel.Exchange;

/**
 * Bean {@code backups}: stores the flash image {@code esp:backup} read, unless a backup of this MAC
 * with the same content is already there (a device that comes back for a second try).
 */
public final class BackupStep {
    private final BackupStore store;
    private final SpooledBackups spool;

    public BackupStep(BackupStore store, SpooledBackups spool) {
        this.store = store;
        this.spool = spool;
    }

    /**
     * Stores the backup esp:backup left in the EspBackupData header (else the body), then drops it from
     * the message; a body that is not the backup (the firmware) stays. The device's spool goes once the
     * backup is stored.
     */
    public void store(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        byte[] header = exchange.getMessage().getHeader(EspConstants.BACKUP_DATA, byte[].class);
        byte[] flash = header != null ? header : exchange.getMessage().getBody(byte[].class);
        String sha256 = run.backupSha256();
        if (flash == null || sha256 == null) {
            throw FlashlineException.badInput("backups.store needs esp:backup before it (the flash bytes in the body)", "Fix the route.");
        }
        BackupRef ref = run.step("backup-store", () -> store.findSame(run.chip().mac(), sha256)
                .orElseGet(() -> store.save(run.chip().mac(), flash)));
        run.backup(ref);
        spool.discard(run.chip().mac());
        exchange.getMessage().removeHeader(EspConstants.BACKUP_DATA);
        if (exchange.getMessage().getBody() == flash) {
            exchange.getMessage().setBody(null);
        }
    }

    /**
     * The station's spool for the old flash of devices whose firmware goes behind their backup (bean
     * {@code backupSpool}, used as {@code esp:backup?writeBehind=#backupSpool}).
     */
    public static BackupSpool spool(SpooledBackups spooled) {
        return new BackupSpool() {
            @Override
            public WriteBehindRead.Keeper open(String mac) {
                return (offset, data, from, length) -> spooled.keep(mac, offset, data, from, length);
            }

            @Override
            public byte[] earlier(String mac) {
                return spooled.earlier(mac);
            }
        };
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

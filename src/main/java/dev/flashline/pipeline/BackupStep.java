package dev.flashline.pipeline;

import dev.flashline.audit.BackupRef;
import dev.flashline.audit.BackupStore;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.EspConstants;
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
        String sha256 = exchange.getMessage().getHeader(EspConstants.BACKUP_SHA256, String.class);
        BackupRef ref = run.step("backup-store", () -> store.findSame(run.chip().mac(), sha256)
                .orElseGet(() -> store.save(run.chip().mac(), flash)));
        run.fact("backup", ref);
        exchange.getMessage().setBody(null);
    }
}

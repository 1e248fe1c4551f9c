package dev.flashline.pipeline;

import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditOutbox;
import dev.flashline.audit.RunJournal;
import dev.flashline.audit.SecretMasker;
import java.io.PrintStream;
import org.apache.camel.main.Main;

/**
 * A JVM shutdown hook for SIGTERM / Ctrl-C while the line runs: stops Camel (whose consumer
 * interrupts the device threads; a step refuses to start on a stopping line), waits a few seconds
 * at most, then records the devices the journal still lists as interrupted.
 */
final class StopOnSignal implements AutoCloseable {
    /** How long the hook waits for Camel before recording the devices still running. */
    private static final long STOP_WAIT_MILLIS = 4_000;

    private final Thread hook;

    StopOnSignal(Main main, AuditLog log, RunJournal journal, AuditOutbox outbox, SecretMasker masker, String station,
                 PrintStream console) {
        this.hook = new Thread(() -> stop(main, log, journal, outbox, masker, station, console), "flashline-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static void stop(Main main, AuditLog log, RunJournal journal, AuditOutbox outbox, SecretMasker masker,
                             String station, PrintStream console) {
        console.println("Stopping the line (signal): devices still mid-run are recorded as interrupted.");
        Thread stopper = new Thread(() -> {
            try {
                main.stop();
            } catch (Exception e) {
                // on the way out: the journal below still records what was running
            }
        }, "flashline-camel-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LineRecovery.recoverJournal(log, journal, outbox, masker, station, console);
        console.flush();
    }

    /** The line ended by itself: no hook any more. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }
}

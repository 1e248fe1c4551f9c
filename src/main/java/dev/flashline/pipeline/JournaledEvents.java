package dev.flashline.pipeline;

import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.RunJournal;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.StepRecord;
import dev.flashline.chip.ChipInfo;

/**
 * The line's device events: each step start is written to the {@link RunJournal} (with every fact
 * the run has so far) before the step does anything, then passed on to the console. A line killed
 * at any moment thus leaves an entry naming the step each unfinished device was at.
 */
final class JournaledEvents implements DeviceEvents {
    private final RunJournal journal;
    private final DeviceEvents console;

    JournaledEvents(RunJournal journal, DeviceEvents console) {
        this.journal = journal;
        this.console = console;
    }

    @Override
    public void deviceFound(DeviceRun run) {
        console.deviceFound(run);
    }

    @Override
    public void stepStarted(DeviceRun run, String step) {
        journal.record(entry(run, step));
        console.stepStarted(run, step);
    }

    @Override
    public void noDevice(String port, String cause, String detail, String hint) {
        console.noDevice(port, cause, detail, hint);
    }

    @Override
    public void attemptFailed(String port, String mac, int attempt, int attempts, String cause, String hint) {
        console.attemptFailed(port, mac, attempt, attempts, cause, hint);
    }

    @Override
    public void stepDone(DeviceRun run, StepRecord step) {
        console.stepDone(run, step);
    }

    @Override
    public void progress(DeviceRun run, String phase, long done, long total) {
        console.progress(run, phase, done, total);
    }

    static RunJournal.Entry entry(DeviceRun run, String step) {
        ChipInfo chip = run.chip();
        return new RunJournal.Entry(run.id(), run.port(), AuditRecord.timestamp(run.startedAt()), step,
                chip == null ? null : chip.chip(), chip == null ? null : chip.mac(),
                chip == null ? null : chip.flashJedecId(), chip == null ? null : chip.flashSize(), run.backup(),
                run.steps().stream().map(s -> new AuditRecord.Step(s.name(), s.ok(), s.ms())).toList());
    }
}

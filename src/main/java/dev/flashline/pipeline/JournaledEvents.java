package dev.flashline.pipeline;

import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.RunJournal;
import dev.flashline.camel.DeviceEvents;
import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.ForwardingDeviceEvents;
import dev.flashline.chip.ChipInfo;

/**
 * The line's device events: each step start is written to the {@link RunJournal} (with every fact
 * the run has so far) before the step does anything, then passed on to the console. A line killed
 * at any moment thus leaves an entry naming the step each unfinished device was at.
 */
final class JournaledEvents extends ForwardingDeviceEvents {
    private final RunJournal journal;

    JournaledEvents(RunJournal journal, DeviceEvents console) {
        super(console);
        this.journal = journal;
    }

    @Override
    public void stepStarted(DeviceRun run, String step) {
        journal.record(entry(run, step));
        super.stepStarted(run, step);
    }

    static RunJournal.Entry entry(DeviceRun run, String step) {
        ChipInfo chip = run.chip();
        return new RunJournal.Entry(run.id(), run.port(), AuditRecord.timestamp(run.startedAt()), step,
                chip == null ? null : chip.chip(), chip == null ? null : chip.mac(),
                chip == null ? null : chip.flashJedecId(), chip == null ? null : chip.flashSize(), run.backup(),
                run.steps().stream().map(s -> new AuditRecord.Step(s.name(), s.ok(), s.ms())).toList());
    }
}

package dev.flashline.pipeline;

import dev.flashline.audit.AuditOutbox;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * Bean {@code auditOutbox}: the audit-outbox route takes the waiting records from here, publishes
 * each and only then calls {@link #delivered}, so a record is removed only once the broker took it.
 */
public final class OutboxStep {
    /** Exchange property with the outbox file name of the record being published. */
    public static final String NAME_PROPERTY = "flashlineOutboxName";
    private static final int BATCH = 100;

    private final AuditOutbox outbox;

    public OutboxStep(AuditOutbox outbox) {
        this.outbox = outbox;
    }

    /** The oldest waiting records (at most a hundred per tick). */
    public List<AuditOutbox.Pending> pending() {
        return outbox.pending(BATCH);
    }

    /** Body: one pending record → its JSON; its name goes to a property for {@link #delivered}. */
    public void take(Exchange exchange) {
        AuditOutbox.Pending p = exchange.getMessage().getBody(AuditOutbox.Pending.class);
        exchange.setProperty(NAME_PROPERTY, p.name());
        exchange.getMessage().setBody(p.json());
    }

    public void delivered(Exchange exchange) {
        outbox.delivered(exchange.getProperty(NAME_PROPERTY, String.class));
    }

    boolean empty() {
        return outbox.pending(1).isEmpty();
    }
}

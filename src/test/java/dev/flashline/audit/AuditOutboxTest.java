package dev.flashline.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditOutboxTest {
    @TempDir
    Path data;

    @Test
    void recordsWaitInOrderUntilDeliveredAndSurviveARestart() {
        AuditOutbox outbox = new AuditOutbox(data);
        outbox.put("a-1", "{\"id\":\"a-1\"}");
        outbox.put("b-2", "{\"id\":\"b-2\"}");
        outbox.put("c-3", "{\"id\":\"c-3\"}");

        AuditOutbox afterRestart = new AuditOutbox(data);
        List<AuditOutbox.Pending> pending = afterRestart.pending(10);
        assertEquals(List.of("{\"id\":\"a-1\"}", "{\"id\":\"b-2\"}", "{\"id\":\"c-3\"}"),
                pending.stream().map(AuditOutbox.Pending::json).toList());
        afterRestart.delivered(pending.get(0).name());
        assertEquals(2, afterRestart.pending(10).size());
        assertEquals("{\"id\":\"b-2\"}", afterRestart.pending(1).get(0).json());
        afterRestart.pending(10).forEach(p -> afterRestart.delivered(p.name()));
        assertTrue(outbox.pending(10).isEmpty());
    }
}

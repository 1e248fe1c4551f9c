package dev.flashline.station;

import dev.flashline.events.DeviceSummary;
import java.util.List;

/** The station at one moment: what the page's /api/state returns and the terminal draws. */
public record StationSnapshot(List<PortRow> ports, Batch batch, List<DeviceSummary> recent) {
    /** Counters of the current batch; {@code expected} 0 means "until stopped". */
    public record Batch(String id, String station, int expected, int started, int provisioned, int failed, int active,
                        boolean ended, boolean interrupted, long elapsedMs) {
        public int done() {
            return provisioned + failed;
        }
    }
}

package dev.flashline.station;

import dev.flashline.events.DeviceSummary;
import java.util.List;

/** Finished devices for view and report tests. */
final class Samples {
    private Samples() {
    }

    static DeviceSummary provisioned(String port, String mac, String name, String ip) {
        return new DeviceSummary("rec-" + mac.replace(":", ""), port, "provisioned", mac, "ESP8266EX", name, "sonoff-basic", ip,
                "tasmota", "14.3.0", "ab".repeat(32), "backups/" + mac.replace(":", "") + ".bin", null, null, null, null, 12.34,
                List.of(new DeviceSummary.StepTime("identify", true, 120), new DeviceSummary.StepTime("backup", true, 9000),
                        new DeviceSummary.StepTime("flash", true, 20000)));
    }

    static DeviceSummary failed(String port, String mac, String step, String message, String hint) {
        return new DeviceSummary("rec-" + mac.replace(":", ""), port, "failed", mac, "ESP8266EX", null, null, null,
                null, null, null, "backups/" + mac.replace(":", "") + ".bin", step, message, hint, "device-failed", 3.5,
                List.of(new DeviceSummary.StepTime("identify", true, 100), new DeviceSummary.StepTime(step, false, 700)));
    }
}

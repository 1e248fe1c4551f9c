package dev.flashline.pipeline;

import dev.flashline.camel.DeviceRun;
import dev.flashline.camel.EspConstants;
import org.apache.camel.Exchange;

/** The device an exchange carries. */
final class Runs {
    private Runs() {
    }

    static DeviceRun of(Exchange exchange) {
        DeviceRun run = exchange.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
        if (run == null) {
            throw new IllegalStateException("No device on this exchange: the route must start from esp:devices");
        }
        return run;
    }
}

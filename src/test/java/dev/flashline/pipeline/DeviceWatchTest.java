package dev.flashline.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The broker watch keeps only what devices in flight wait for, and a bounded amount of it. */
class DeviceWatchTest {
    @Test
    void foreignTrafficIsNotKept() {
        DeviceWatch watch = new DeviceWatch(1000, 1000, "test");
        for (int i = 0; i < 10_000; i++) {
            watch.record("tele/other_" + i + "/LWT", "Online");
            watch.record("stat/other_" + i + "/RESULT", "{\"POWER\":\"ON\"}");
        }
        assertEquals(0, watch.kept(), "no device in flight: nothing kept");
    }

    @Test
    void aWatchedDeviceKeepsItsLatestMessagesUntilReleased() {
        DeviceWatch watch = new DeviceWatch(1000, 1000, "test");
        watch.watch("kitchen");
        for (int i = 0; i < 1000; i++) {
            watch.record("stat/kitchen/RESULT", "{\"n\":" + i + "}");
            watch.record("stat/hall/RESULT", "{}");
        }
        assertEquals(DeviceWatch.KEPT_PER_DEVICE, watch.kept());
        watch.release("kitchen");
        assertEquals(0, watch.kept());
        watch.record("tele/kitchen/LWT", "Online");
        assertEquals(0, watch.kept(), "released: its later messages are not kept either");
    }
}

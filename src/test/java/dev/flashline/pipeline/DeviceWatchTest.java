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

    @Test
    void aPortUsedAllDayLeavesNothingBehindInTheWatch() {
        DeviceWatch watch = new DeviceWatch(1000, 1000, "test");
        for (int device = 0; device < 50; device++) {
            String topic = String.format("sonoff_5F%04X", device);
            watch.watch(topic);
            watch.record("tele/" + topic + "/LWT", "Online");
            watch.record("tele/" + topic + "/INFO1", "{}");
            for (int i = 0; i < 200; i++) { // a busy broker meanwhile
                watch.record("tele/other_" + i + "/STATE", "{}");
                watch.record("stat/passing_" + device + "_" + i + "/POWER", "ON");
            }
            watch.record("stat/" + topic + "/RESULT", "{}");
            assertEquals(1, watch.watchedDevices(), "only the device in flight");
            watch.release(topic);
        }
        assertEquals(0, watch.watchedDevices(), "after 50 devices through a port");
        assertEquals(0, watch.kept());
    }
}

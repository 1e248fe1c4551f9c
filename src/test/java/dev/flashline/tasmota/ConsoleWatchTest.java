package dev.flashline.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsoleWatchTest {
    private static ConsoleWatch feed(String... lines) {
        ConsoleWatch watch = new ConsoleWatch();
        for (String line : lines) {
            watch.accept(ConsoleClassifier.classify(line));
        }
        return watch;
    }

    @Test
    void wrongPasswordRepeatedSettlesAsWifiFailure() {
        String fail = "00:00:06.000 WIF: Connect failed";
        ConsoleWatch watch = feed(DialectSamples.V9405_BOOT, fail, fail);
        assertTrue(watch.settledFailure().isEmpty(), "two failures are not settled yet");
        watch.accept(ConsoleClassifier.classify(fail));
        ConsoleFailure f = watch.settledFailure().orElseThrow();
        assertEquals("wifi", f.step());
        assertTrue(f.message().startsWith("AP rejected the password"), f.message());
    }

    @Test
    void apNotFoundAtTimeoutAndRecoveryClearsIt() {
        ConsoleWatch watch = feed(DialectSamples.CURRENT_SESSION[1], DialectSamples.CURRENT_SESSION[2], DialectSamples.CURRENT_SESSION[3]);
        assertEquals(new NetworkInfo(null, "tasmota-1A2B3C-2876", null), watch.network(), "host name from the join line");
        ConsoleFailure f = watch.failureAtTimeout(30_000);
        assertEquals("wifi", f.step());
        assertTrue(f.message().startsWith("SSID not found"), f.message());
        watch = feed(DialectSamples.CURRENT_SESSION);
        assertTrue(watch.online());
        assertEquals(new NetworkInfo("192.168.1.160", "tasmota-1A2B3C-2876", 74), watch.network());
    }

    @Test
    void brokerRefusalSettlesAsMqttOnline() {
        String refused = "00:00:03.100 MQT: Connect failed to 192.168.1.2:1883, rc 5. Retry in 10 sec";
        ConsoleWatch watch = feed(DialectSamples.V9_SESSION[1], "00:00:02.305 WIF: Connected", refused, refused);
        ConsoleFailure f = watch.settledFailure().orElseThrow();
        assertEquals("mqtt-online", f.step());
        assertTrue(f.message().contains("not authorised (rc 5)"), f.message());
        assertFalse(watch.online());
    }

    @Test
    void onWifiOnlyInTheCurrentBootWithNoRestartPendingAndRefusalKeepsItsCode() {
        ConsoleWatch watch = feed(DialectSamples.V9_SESSION[1], "00:00:02.305 WIF: Connected");
        assertTrue(watch.onWifi());
        watch.accept(ConsoleClassifier.classify("00:00:09.000 APP: Restarting"));
        assertFalse(watch.onWifi(), "a restart is pending: the next boot has to join again");
        watch.accept(ConsoleClassifier.classify(DialectSamples.V9_SESSION[1]));
        assertFalse(watch.onWifi(), "new boot, not joined yet");
        assertTrue(watch.refusal().isEmpty());
        watch.accept(ConsoleClassifier.classify("00:00:02.305 WIF: Connected"));
        watch.accept(ConsoleClassifier.classify("00:00:03.100 MQT: Connect failed to 192.168.1.2:1883, rc 4. Retry in 10 sec"));
        assertTrue(watch.onWifi());
        assertEquals(4, watch.refusal().orElseThrow().rc());
    }

    @Test
    void unreachableBrokerIsNamedAtTimeout() {
        ConsoleWatch watch = feed(DialectSamples.V851_BOOT, "00:00:02 WIF: Connected",
                "00:00:03 MQT: Connect failed to 10.9.9.9:1883, rc -2. Retry in 10 sec");
        assertTrue(watch.settledFailure().isEmpty());
        ConsoleFailure f = watch.failureAtTimeout(30_000);
        assertEquals("mqtt-online", f.step());
        assertTrue(f.message().contains("10.9.9.9:1883") && f.message().contains("rc -2"), f.message());
    }

    @Test
    void noBootLineNamesWhatTheDevicePrinted() {
        ConsoleWatch watch = feed("Exception (29):", "epc1=0x4000e1b2 epc2=0x00000000 epc3=0x00000000 excvaddr=0x00000000 depc=0x00000000");
        ConsoleFailure f = watch.failureAtTimeout(20_000);
        assertEquals("boot", f.step());
        assertTrue(f.message().contains("epc1=0x4000e1b2"), f.message());
        assertTrue(f.hint().contains("flash mode"), f.hint());
    }

    @Test
    void aNewBootForgetsTheOldFailures() {
        ConsoleWatch watch = feed(DialectSamples.V6_SESSION);
        assertEquals("wifi", watch.failureAtTimeout(1000).step());
        watch.accept(ConsoleClassifier.classify(DialectSamples.V671_BOOT));
        watch.accept(ConsoleClassifier.classify("00:00:04 WIF: Connected"));
        watch.accept(ConsoleClassifier.classify("00:00:05 MQT: Connected"));
        assertTrue(watch.online());
        assertEquals(2, watch.boots());
        assertEquals("Sonoff", watch.boot().orElseThrow().deviceName());
    }
}

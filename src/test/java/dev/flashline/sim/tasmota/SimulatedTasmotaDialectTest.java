package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.sim.VirtualFlash;
import org.junit.jupiter.api.Test;

/** What the simulated Tasmota prints in each release's log style (sources in DIALECTS.md). */
class SimulatedTasmotaDialectTest {
    private static final String MAC = SimulatedTasmotaConsoleTest.MAC;
    private static final String WIFI = SimulatedTasmotaConsoleTest.WIFI_PASSWORD;

    private static ConsoleHarness boot(String style, String version) {
        VirtualFlash flash = SimulatedTasmotaConsoleTest.flashWithDemo();
        return new ConsoleHarness(flash, new TasmotaFirmwareSelector(SimulatedTasmotaConsoleTest.NETWORK, MAC,
                new TestFirmware(), TasmotaDialect.of(style, version))).start();
    }

    @Test
    void sixXStampsInSecondsNamesTheFriendlyNameAndAnswersWithTheFullTopic() throws Exception {
        try (ConsoleHarness device = boot("6", "6.7.1")) {
            String bootLine = device.await("Project ");
            assertEquals("00:00:00 Project sonoff Sonoff Version 6.7.1(sonoff)-2_6_1", bootLine);
            assertTrue(device.lines().stream().noneMatch(l -> l.contains("HDW:")), device.transcript());
            device.await("WIF: WifiManager active for 3 minutes");
            device.type("Backlog SSID1 flashline-lab; Password1 " + WIFI);
            assertEquals("CMD: Backlog SSID1 flashline-lab; Password1 " + WIFI, device.await("CMD:").substring(9));
            assertTrue(device.await("RSL: ").matches("\\d\\d:\\d\\d:\\d\\d RSL: stat/tasmota_1A2B3C/RESULT = \\{\"SSId1\":\"flashline-lab\"}"));
            assertTrue(device.await("RSL: ").endsWith("RSL: stat/tasmota_1A2B3C/RESULT = {\"Password1\":\"" + WIFI + "\"}"));
            device.await("APP: Restarting");
            device.await("WIF: Connecting to AP1 flashline-lab in mode 11n as ");
            device.await("WIF: Connected");
        }
    }

    @Test
    void nineXKeepsFourVersionPartsAndTheDeviceNameAndSaysOnlyConnectFailed() throws Exception {
        try (ConsoleHarness device = boot("9", "9.4.0.5")) {
            assertTrue(device.await("Project ").matches(
                    "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} Project tasmota Tasmota Version 9\\.4\\.0\\.5\\(tasmota\\)-2_7_4_9\\(2021-06-07T19:20:33\\)"));
            device.type("Backlog DeviceName Lab Plug; SSID1 flashline-lab; Password1 wrong-password");
            assertTrue(device.await("RSL: RESULT = ").endsWith("RSL: RESULT = {\"DeviceName\":\"Lab Plug\"}"));
            device.await("APP: Restarting");
            assertTrue(device.await("Project ").contains("Project tasmota Lab Plug Version 9.4.0.5(tasmota)"));
            assertTrue(device.await("WIF: Connect failed").endsWith("WIF: Connect failed"));
            // Tasmota keeps trying: the join and its failure come again.
            device.await("WIF: Connecting to AP1 flashline-lab");
            assertTrue(device.await("WIF: Connect failed").endsWith("WIF: Connect failed"));
            device.type("Status 2");
            assertTrue(device.await("RSL: STATUS2 = ").contains("\"Version\":\"9.4.0.5(tasmota)\""));
        }
    }

    @Test
    void currentStyleWithApOutOfReach() throws Exception {
        try (ConsoleHarness device = boot("current", null)) {
            assertTrue(device.await("Project ").contains("Project tasmota - Tasmota Version 14.3.0(demo)-2_7_8("));
            assertFalse(device.transcript().contains("WifiManager"), "9.x on log the Wi-Fi manager at debug level only");
            device.await("HTP: Web server active on tasmota-1A2B3C-2876 with IP address 192.168.4.1");
            device.type("SSID1 elsewhere");
            device.await("APP: Restarting");
            device.await("WIF: Connect failed as AP cannot be reached");
        }
    }

    @Test
    void passwordAnswersAsTheReleasesGiveThem() throws Exception {
        try (ConsoleHarness device = boot("current", null)) {
            device.await("Project ");
            device.type("Password1 abcd");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Password1\":\"****\"}"), "4 characters: not taken");
            device.type("Password3 " + WIFI);
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Password1\":\"****\"}"), "Password3 sets slot 1, answers with asterisks");
            device.type("MqttPassword2 secret-two");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"MqttPassword\":\"****\"}"));
            device.type("MqttPassword secret-one");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"MqttPassword\":\"secret-one\"}"));
            device.await("APP: Restarting");
        }
    }

    @Test
    void restartWaitsForTheCountdownAfterTheBacklog() throws Exception {
        try (ConsoleHarness device = boot("9", null)) {
            device.await("Project ");
            long sent = System.currentTimeMillis();
            device.type("SSID1 flashline-lab");
            device.await("RSL: RESULT = ");
            device.type("Status 5"); // still answered: the restart waits
            assertTrue(device.await("RSL: STATUS5 = ").contains("\"Hostname\":\"tasmota-1A2B3C-2876\""));
            device.await("APP: Restarting");
            assertTrue(System.currentTimeMillis() - sent >= 900, "restart_flag counts down before the restart");
            assertEquals(2, waitForBoots(device, 2));
        }
    }

    @Test
    void statusElevenGivesTheSignalOnceOnWifi() throws Exception {
        try (ConsoleHarness device = boot("current", null)) {
            device.await("Project ");
            device.type("Backlog SSID1 flashline-lab; Password1 " + WIFI);
            device.await("APP: Restarting");
            device.await("WIF: Connected");
            device.type("Status 11");
            String sts = device.await("RSL: STATUS11 = ");
            assertTrue(sts.contains("\"Wifi\":{\"AP\":1,\"SSId\":\"flashline-lab\"") && sts.contains("\"RSSI\":60,\"Signal\":-70"), sts);
        }
    }

    @Test
    void unknownStyleOrVersionIsABadArgument() {
        assertThrows(IllegalArgumentException.class, () -> TasmotaDialect.of("7", null));
        assertThrows(IllegalArgumentException.class, () -> TasmotaDialect.of("9", "nine"));
        assertEquals("9.4.0.5(tasmota)", TasmotaDialect.of("9.x", "9.4.0.5").effectiveVersion("14.3.0(demo)"));
        assertEquals("14.3.0(demo)", TasmotaDialect.of(null, null).effectiveVersion("14.3.0(demo)"));
    }

    private static int waitForBoots(ConsoleHarness device, int atLeast) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ConsoleHarness.TIMEOUT_MILLIS;
        while (device.boots() < atLeast && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return device.boots();
    }
}

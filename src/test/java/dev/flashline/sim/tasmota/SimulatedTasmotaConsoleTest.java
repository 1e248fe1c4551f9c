package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.sim.VirtualFlash;
import dev.flashline.sim.firmware.Firmware;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated Tasmota on its serial console, without a broker. */
class SimulatedTasmotaConsoleTest {
    static final String MAC = "a4:cf:12:1a:2b:3c";
    static final String WIFI_PASSWORD = "s3cret-wifi-pw";
    static final String MQTT_PASSWORD = "s3cret-mqtt-pw";
    static final SimulatedNetwork NETWORK =
            new SimulatedNetwork("flashline-lab", WIFI_PASSWORD).withMqttRetry(Duration.ofMillis(200));

    static VirtualFlash flashWithDemo() {
        VirtualFlash flash = new VirtualFlash(1024 * 1024);
        flash.load(0, DemoFirmwareImage.build());
        return flash;
    }

    static ConsoleHarness boot(VirtualFlash flash) {
        return new ConsoleHarness(flash, new TasmotaFirmwareSelector(NETWORK, MAC, new TestFirmware())).start();
    }

    @Test
    void freshImageBootsWithTasmotaDefaults() throws Exception {
        try (ConsoleHarness device = boot(flashWithDemo())) {
            assertEquals("00:00:00.001 HDW: ESP8266EX", device.await("HDW:"));
            device.await("CFG: Use defaults");
            String version = device.await("Project tasmota - Tasmota Version ");
            assertTrue(version.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} Project tasmota - Tasmota Version 14\\.3\\.0\\(demo\\)-.*"),
                    version);
            device.type("Status");
            device.await("CMD: Status");
            String status = device.await("RSL: STATUS = ");
            assertTrue(status.contains("\"Topic\":\"tasmota_1A2B3C\""), status);
            assertTrue(status.contains("\"DeviceName\":\"Tasmota\""), status);
            assertTrue(status.contains("\"Module\":1"), status);
        }
    }

    @Test
    void backlogIsAnsweredCommandByCommandThenTheDeviceRestartsAndKeepsItsSettings() throws Exception {
        VirtualFlash flash = flashWithDemo();
        int closedPort = freePort();
        try (ConsoleHarness device = boot(flash)) {
            device.await("Project tasmota");
            device.type("Backlog SSID1 flashline-lab; Password1 " + WIFI_PASSWORD + "; MqttHost 127.0.0.1; MqttPort "
                    + closedPort + "; MqttPassword " + MQTT_PASSWORD + "; Topic kitchen_plug; DeviceName Kitchen Plug");
            String echo = device.await("CMD: Backlog");
            assertTrue(echo.contains("SSID1 flashline-lab; Password1 ****;"), echo);
            assertTrue(device.await("RSL: RESULT = ").endsWith("RSL: RESULT = {\"SSId1\":\"flashline-lab\"}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Password1\":\"****\"}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"MqttHost\":\"127.0.0.1\"}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"MqttPort\":" + closedPort + "}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"MqttPassword\":\"****\"}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Topic\":\"kitchen_plug\"}"));
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"DeviceName\":\"Kitchen Plug\"}"));
            device.await("APP: Restarting");

            // Second boot: settings come back from flash, Wi-Fi joins, the broker port is closed.
            device.await("HDW: ESP8266EX");
            device.await("CFG: Loaded from flash at FB");
            device.await("WIF: Connected");
            device.await("MQT: Connect failed to 127.0.0.1:" + closedPort + ", rc -2. Retry in 1 sec");
            device.type("Status 0");
            String status0 = device.await("RSL: STATUS0 = ");
            assertTrue(status0.contains("\"Topic\":\"kitchen_plug\""), status0);
            assertTrue(status0.contains("\"DeviceName\":\"Kitchen Plug\""), status0);
            assertTrue(status0.contains("\"SSId\":[\"flashline-lab\""), status0);
            assertTrue(status0.contains("\"Version\":\"14.3.0(demo)\""), status0);
            assertEquals(2, device.boots());
        }
        TasmotaSettings stored = SettingsStore.load(flash).orElseThrow();
        assertEquals("kitchen_plug", stored.topic);
        assertEquals(WIFI_PASSWORD, stored.password1);
        assertEquals(0xFB000, SettingsStore.address(flash.size()));
    }

    @Test
    void passwordsNeverAppearOnTheConsole() throws Exception {
        ConsoleHarness device = boot(flashWithDemo());
        try (device) {
            device.await("Project tasmota");
            device.type("Password1 " + WIFI_PASSWORD);
            device.await("APP: Restarting");
            device.await("HDW:");
            device.type("Backlog MqttPassword " + MQTT_PASSWORD + "; Password1");
            device.await("{\"Password1\":\"****\"}");
            device.type("Status 0");
            device.await("STATUS0");
        }
        String transcript = device.transcript();
        assertFalse(transcript.contains(WIFI_PASSWORD), transcript);
        assertFalse(transcript.contains(MQTT_PASSWORD), transcript);
    }

    @Test
    void statusTwoGivesTheFirmwareVersionAndUnknownCommandsSaySo() throws Exception {
        try (ConsoleHarness device = boot(flashWithDemo())) {
            device.await("Project tasmota");
            device.type("Status 2");
            String fwr = device.await("RSL: STATUS2 = ");
            assertTrue(fwr.contains("{\"StatusFWR\":{\"Version\":\"14.3.0(demo)\""), fwr);
            device.type("Frobnicate 3");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Command\":\"Unknown\"}"));
            device.type("FriendlyName1 Lamp");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"FriendlyName1\":\"Lamp\"}"));
            device.type("Module");
            assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Module\":{\"1\":\"Sonoff Basic\"}}"));
            device.type("Template");
            assertTrue(device.await("RSL: RESULT = ").contains("\"NAME\":\"Sonoff Basic\""));
            // DeviceName and FriendlyName do not restart the device.
            assertEquals(1, device.boots());
        }
    }

    @Test
    void restartOneRebootsAndTheLinkCloseEndsTheRun() throws Exception {
        ConsoleHarness device = boot(flashWithDemo());
        device.await("Project tasmota");
        device.type("Restart 1");
        assertTrue(device.await("RSL: RESULT = ").endsWith("{\"Restart\":\"Restarting\"}"));
        device.await("APP: Restarting");
        device.await("CFG: Loaded from flash at FB");
        device.close();
        assertTrue(device.finished());
        assertEquals(List.of(Firmware.Exit.REBOOT, Firmware.Exit.LINK_CLOSED), device.exits());
    }

    @Test
    void wrongWifiPasswordKeepsTheDeviceOffTheNetwork() throws Exception {
        ConsoleHarness device = boot(flashWithDemo());
        try (device) {
            device.await("Project tasmota");
            device.type("Backlog SSID1 flashline-lab; Password1 not-the-password; MqttHost 127.0.0.1");
            device.await("APP: Restarting");
            device.await("WIF: Connecting to AP1 flashline-lab");
            device.await("WIF: Connect failed with AP incorrect password");
            device.type("Status 5");
            assertTrue(device.await("RSL: STATUS5").contains("\"IPAddress\":\"0.0.0.0\""));
        }
        assertTrue(device.lines().stream().noneMatch(l -> l.contains("MQT:")), device.transcript());
    }

    @Test
    void anImageWithoutTheDemoMarkerBootsThePlainFirmware() throws Exception {
        try (ConsoleHarness device = boot(new VirtualFlash(1024 * 1024))) {
            device.await(TestFirmware.BOOT_LINE);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

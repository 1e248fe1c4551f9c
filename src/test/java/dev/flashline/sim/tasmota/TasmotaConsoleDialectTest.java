package dev.flashline.sim.tasmota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.loader.Connector;
import dev.flashline.loader.Loader;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.pipeline.EmbeddedBroker;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.tasmota.ConsoleEvent;
import dev.flashline.tasmota.ConsoleFailure;
import dev.flashline.tasmota.NetworkInfo;
import dev.flashline.tasmota.TasmotaConsole;
import dev.flashline.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console client against the virtual device running the simulated Tasmota in each log
 * style, end to end: ROM loader, "run user code", then the firmware's console over the same line.
 */
class TasmotaConsoleDialectTest {
    private static final String MAC = "a4:cf:12:1a:2b:3c";
    private static final String WIFI_PASSWORD = "s3cret-wifi-pw";
    private static final String MQTT_PASSWORD = "s3cret-mqtt-pw";
    private static final SimulatedNetwork NETWORK =
            new SimulatedNetwork("flashline-lab", WIFI_PASSWORD).withMqttRetry(Duration.ofMillis(200));
    private static final long T = 10_000;
    private static final String IP = "192.168.1.160";
    private static final String HOSTNAME = "tasmota-1A2B3C-2876";

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> handedOut = new ArrayList<>();
    private VirtualDevice device;

    static Stream<Arguments> dialects() {
        return Stream.of(
                Arguments.of("6", "6.7.1", "6.7.1(sonoff)", "Sonoff", "Sonoff"),
                Arguments.of("9", "9.4.0.5", "9.4.0.5(tasmota)", "Tasmota", "Hall Light"),
                Arguments.of("current", "14.3.0", "14.3.0(release-tasmota)", "Tasmota", "Hall Light"),
                Arguments.of("demo", null, "14.3.0(demo)", "Tasmota", "Hall Light"));
    }

    private TasmotaConsole boot(String style, String version) throws Exception {
        return boot(style, version, t -> t);
    }

    private TasmotaConsole boot(String style, String version, java.util.function.UnaryOperator<Transport> wrap) throws Exception {
        device = new VirtualDevice(VirtualDeviceConfig.builder().mac(MAC).stockFirmware(DemoFirmwareImage.build())
                .tasmota(NETWORK, TasmotaDialect.of(style, version)).build());
        Transport transport = wrap.apply(device.connect());
        Loader loader = Connector.connect(transport, ResetStrategy.NO_RESET, 0, s -> { });
        int before = loader.link().strayBytes().length;
        loader.runUserCode();
        // The boot log follows the loader's last answer at once; what the loader read past it is the console's.
        byte[] stray = loader.link().strayBytes();
        return new TasmotaConsole(transport, log::add, Arrays.copyOfRange(stray, before, stray.length));
    }

    private List<JsonNode> configure(TasmotaConsole console, String ssid, String wifiPassword, int mqttPort) {
        List<JsonNode> answers = console.send("Backlog SSID1 " + ssid + "; Password1 " + wifiPassword
                + "; MqttHost 127.0.0.1; MqttPort " + mqttPort + "; MqttUser flash; MqttPassword " + MQTT_PASSWORD
                + "; Topic hall; DeviceName Hall Light", T);
        answers.forEach(a -> handedOut.add(a.toString()));
        return answers;
    }

    @AfterEach
    void noSecretWasHandedOut() {
        if (device != null) {
            device.powerOff();
        }
        List<String> all = new ArrayList<>(log);
        all.addAll(handedOut);
        for (String line : all) {
            assertFalse(line.contains(WIFI_PASSWORD), line);
            assertFalse(line.contains(MQTT_PASSWORD), line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void configuredDeviceRestartsComesOnlineAndSaysWhereItIs(String style, String version, String reported,
                                                             String factoryName, String configuredName) throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            TasmotaConsole console = boot(style, version);
            ConsoleEvent.Booted first = console.awaitBooted(T);
            assertEquals(reported, first.version());
            assertEquals(factoryName, first.deviceName());

            List<JsonNode> answers = configure(console, "flashline-lab", WIFI_PASSWORD, broker.port());
            assertEquals(8, answers.size());
            assertEquals("flashline-lab", answers.get(0).path("SSId1").asText());
            String masked = "demo".equals(style) ? "****" : "***"; // the demo build masks itself
            assertEquals(masked, answers.get(1).path("Password1").asText());
            assertEquals(masked, answers.get(5).path("MqttPassword").asText());
            assertEquals("Hall Light", answers.get(7).path("DeviceName").asText());

            // Network settings: the device restarts once the Backlog has run and boots again.
            ConsoleEvent.Booted second = console.awaitBooted(T);
            assertEquals(configuredName, second.deviceName());
            assertEquals(reported, second.version());
            assertEquals(2, console.watch().boots());

            TasmotaConsole.OnlineResult result = console.awaitOnline(T, () -> false);
            assertTrue(result.online(), () -> result.failure() + "\n" + String.join("\n", log));
            assertEquals(IP, result.network().ip());
            assertEquals(HOSTNAME, result.network().hostname());
            NetworkInfo net;
            try {
                net = console.queryNetwork(T);
            } catch (RuntimeException e) {
                throw new AssertionError(String.join("\n", log), e);
            }
            assertEquals(new NetworkInfo(IP, HOSTNAME, 60), net);
        }
        if (!"demo".equals(style)) {
            // The device echoed both secrets in clear; what was handed out shows them masked in place.
            assertTrue(log.stream().anyMatch(l -> l.contains("CMD: Backlog SSID1 flashline-lab; Password1 ***; MqttHost")), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.endsWith("{\"Password1\":\"***\"}")), String.join("\n", log));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"6", "9", "current"})
    void wrongWifiPasswordIsNamedWithTheDevicesReason(String style) throws Exception {
        TasmotaConsole console = boot(style, null);
        console.awaitBooted(T);
        configure(console, "flashline-lab", "not-the-password", 1883);
        console.awaitBooted(T);
        long start = System.currentTimeMillis();
        TasmotaConsole.OnlineResult result = console.awaitOnline(20_000, () -> false);
        ConsoleFailure failure = result.failure().orElseThrow();
        assertEquals("wifi", failure.step());
        assertTrue(failure.message().startsWith("AP rejected the password"), failure.message());
        assertTrue(System.currentTimeMillis() - start < 15_000, "settled on the repeated failure, not the timeout");
        handedOut.add(failure.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"6", "9", "current", "demo"})
    void unknownSsidIsNamed(String style) throws Exception {
        TasmotaConsole console = boot(style, null);
        console.awaitBooted(T);
        configure(console, "other-lab", WIFI_PASSWORD, 1883);
        console.awaitBooted(T);
        ConsoleFailure failure = console.awaitOnline(3_000, () -> false).failure().orElseThrow();
        assertEquals("wifi", failure.step());
        assertTrue(failure.message().startsWith("SSID not found"), failure.message());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"6", "9", "current"})
    void brokerRefusingTheLoginIsNamedWithItsReturnCode(String style) throws Exception {
        try (RefusingBroker broker = new RefusingBroker(5)) {
            TasmotaConsole console = boot(style, null);
            console.awaitBooted(T);
            configure(console, "flashline-lab", WIFI_PASSWORD, broker.port());
            console.awaitBooted(T);
            ConsoleFailure failure = console.awaitOnline(T, () -> false).failure().orElseThrow();
            assertEquals("mqtt-online", failure.step());
            assertTrue(failure.message().contains("not authorised (rc 5)"), failure.message());
            handedOut.add(failure.toString());
        }
    }

    @Test
    void unreachableBrokerIsNamedAtTheTimeout() throws Exception {
        int closed = SimulatedTasmotaConsoleTest.freePort();
        TasmotaConsole console = boot("9", null);
        console.awaitBooted(T);
        configure(console, "flashline-lab", WIFI_PASSWORD, closed);
        console.awaitBooted(T);
        ConsoleFailure failure = console.awaitOnline(2_500, () -> false).failure().orElseThrow();
        assertEquals("mqtt-online", failure.step());
        assertTrue(failure.message().contains("127.0.0.1:" + closed) && failure.message().contains("rc -2"), failure.message());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"6", "9", "current"})
    void withoutAnSsidTheWifiManagerIsNamed(String style) throws Exception {
        TasmotaConsole console = boot(style, null);
        console.awaitBooted(T);
        ConsoleFailure failure = console.awaitOnline(1_500, () -> false).failure().orElseThrow();
        assertEquals("wifi", failure.step());
        assertTrue(failure.message().startsWith("no Wi-Fi configured"), failure.message());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"6", "9", "current"})
    void aShortWifiPasswordIsNotTakenAndSaysSo(String style) throws Exception {
        TasmotaConsole console = boot(style, null);
        console.awaitBooted(T);
        List<JsonNode> answer = console.send("Password1 abcd", T);
        assertEquals("****", answer.get(0).path("Password1").asText());
        // Not taken, so no restart: the device answers the next command in the same boot.
        assertEquals(1, console.send("Status 5", T).size());
        assertEquals(1, console.watch().boots());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"6", "9", "current"})
    void romGarbageAfterARestartDoesNotHideTheNextBoot(String style) throws Exception {
        RecordingTransport[] recorder = new RecordingTransport[1];
        TasmotaConsole console = boot(style, null, t -> recorder[0] = new RecordingTransport(t));
        console.awaitBooted(T);
        assertEquals("Restarting", console.send("Restart 1", T).get(0).path("Restart").asText());
        ConsoleEvent.Booted again = console.awaitBooted(T);
        assertTrue(again.line().text().contains("Project "), again.line().text());
        assertEquals(2, console.watch().boots());
        // Between "APP: Restarting" and the next boot log the ROM's 74880-baud banner arrived as garbage.
        String seen = new String(recorder[0].received(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String between = seen.substring(seen.indexOf("APP: Restarting"), seen.lastIndexOf("Project "));
        assertTrue(between.chars().anyMatch(c -> c >= 0x80 || (c < 0x20 && c != '\r' && c != '\n')),
                "no garbage between restart and boot: " + between);
        assertFalse(between.contains("rst cause"), "the banner is unreadable at 115200");
    }

    @Test
    void onlineSeenElsewhereEndsTheWait() throws Exception {
        TasmotaConsole console = boot("current", null);
        console.awaitBooted(T);
        assertTrue(console.awaitOnline(T, () -> true).online());
    }
}

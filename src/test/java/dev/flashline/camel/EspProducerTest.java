package dev.flashline.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.digest.Digests;
import dev.flashline.errors.FlashlineException;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.Fault;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.sim.tasmota.SimulatedNetwork;
import dev.flashline.sim.tasmota.TasmotaDialect;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The esp: producer operations in a small route, on virtual devices reached through the EspPort header. */
class EspProducerTest extends CamelTestSupport {
    private final Map<String, byte[]> backups = new ConcurrentHashMap<>();
    private byte[] image;

    @BeforeEach
    void routes() throws Exception {
        image = DemoFirmwareImage.build();
        // Component-level options are every endpoint's defaults: the devices are already in download mode.
        context.getComponent("esp", EspComponent.class).getConfiguration().setBefore(ResetStrategy.NO_RESET);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:provision")
                        .to("esp:identify")
                        .to("esp:backup")
                        .process(e -> backups.put(e.getMessage().getHeader(EspConstants.MAC, String.class),
                                e.getMessage().getBody(byte[].class)))
                        .process(e -> e.getMessage().setBody(image))
                        .to("esp:flash")
                        .to("esp:verify")
                        .to("esp:close");
                from("direct:identify").to("esp:identify");
                // ROM loader only: its FLASH_END answer is followed at once by the firmware's boot log.
                from("direct:boot").to("esp:softReset?noStub=true").to("esp:console?noStub=true&bootTimeout=5s");
            }
        });
    }

    private static byte[] stockFlash() {
        byte[] stock = new byte[1 << 20];
        new Random(5).nextBytes(stock);
        return stock;
    }

    private Exchange send(String route, String port) {
        return template.send(route, e -> e.getMessage().setHeader(EspConstants.PORT, port));
    }

    @Test
    void identifyBackupFlashVerifyClose() throws Exception {
        byte[] stock = stockFlash();
        try (VirtualPorts ports = new VirtualPorts(List.of(VirtualDeviceConfig.builder().mac("5c:cf:7f:00:00:01")
                .stockFirmware(stock).build()))) {
            Exchange done = send("direct:provision", ports.urls().get(0));
            assertNull(done.getException(), () -> String.valueOf(done.getException()));
            assertEquals("5c:cf:7f:00:00:01", done.getMessage().getHeader(EspConstants.MAC));
            assertEquals("ESP8266EX", done.getMessage().getHeader(EspConstants.CHIP));
            assertEquals(1 << 20, done.getMessage().getHeader(EspConstants.FLASH_SIZE_BYTES));
            assertArrayEquals(stock, backups.get("5c:cf:7f:00:00:01"), "the backup is the whole flash as it was");
            assertEquals(Digests.sha256Hex(stock), done.getMessage().getHeader(EspConstants.BACKUP_SHA256));
            assertArrayEquals(image, ports.devices.get(0).flash().read(0, image.length), "the flash holds the image");
            assertEquals(Boolean.TRUE, done.getMessage().getHeader(EspConstants.VERIFIED));

            DeviceRun run = done.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
            assertEquals(new DeviceRun.Verification("md5", true), run.verification());
            assertEquals(0, run.written().offset());
            assertEquals(image.length, run.written().size());
            assertEquals(Digests.sha256Hex(stock), run.backupSha256());
            assertEquals(List.of("identify", "backup", "flash", "verify", "close"),
                    run.steps().stream().map(StepRecord::name).toList());
            assertTrue(run.steps().stream().allMatch(StepRecord::ok));
        }
    }

    @Test
    void verifyFailsWhenTheFlashDoesNotHoldTheImage() throws Exception {
        int stuck = firstAddressWithBitZeroSet(image, 0x1000);
        try (VirtualPorts ports = new VirtualPorts(List.of(VirtualDeviceConfig.builder().fault(Fault.flashBadBit(stuck)).build()))) {
            Exchange done = send("direct:provision", ports.urls().get(0));
            FlashlineException e = assertInstanceOf(FlashlineException.class, done.getException());
            assertEquals(FlashlineException.Kind.DEVICE_FAILED, e.kind());
            assertTrue(e.getMessage().contains("Verify failed"), e.getMessage());
            assertEquals(Boolean.FALSE, done.getMessage().getHeader(EspConstants.VERIFIED));
            DeviceRun run = done.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
            assertEquals(new DeviceRun.Verification("md5", false), run.verification());
            assertEquals("verify", run.failedStep());
            assertFalse(run.stepSucceeded("verify"));
            assertTrue(run.stepSucceeded("flash"), "the write itself went through");
            assertFalse(run.stepSucceeded("close"), "the route stopped at verify");
            assertBannerOnNewConnection(ports.port(0)); // released on completion although esp:close never ran
        }
    }

    @Test
    void aSessionOpenedFromTheHeaderIsReleasedWhenTheExchangeCompletes() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(1)) {
            Exchange first = send("direct:identify", ports.urls().get(0));
            assertNull(first.getException());
            DeviceRun run = first.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
            assertNotNull(run.session());
            // The virtual device takes one client at a time: a new connection gets the power-on banner only
            // when the exchange let go of the port.
            assertBannerOnNewConnection(ports.port(0));
            Exchange second = send("direct:identify", ports.urls().get(0));
            assertNull(second.getException(), () -> String.valueOf(second.getException()));
            assertEquals(ports.devices.get(0).macText(), second.getMessage().getHeader(EspConstants.MAC));
        }
    }

    private static int firstAddressWithBitZeroSet(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if ((data[i] & 1) != 0) {
                return i;
            }
        }
        throw new AssertionError("no byte with bit 0 set");
    }

    @Test
    void softResetHandsTheFirstConsoleBytesToTheConsoleSoTheBootLineIsSeen() throws Exception {
        VirtualDeviceConfig config = VirtualDeviceConfig.builder().mac(VirtualDeviceConfig.defaultMac(3)).bootJunk(false)
                .stockFirmware(DemoFirmwareImage.build("9.4.0.5(tasmota)", 128 * 1024))
                .tasmota(new SimulatedNetwork("lab", "lab-password"), TasmotaDialect.of("9", null)).build();
        try (VirtualPorts ports = new VirtualPorts(List.of(config))) {
            for (int i = 0; i < 5; i++) { // the boot log may or may not arrive with the loader's last answer: never lost
                Exchange done = send("direct:boot", ports.urls().get(0));
                assertNull(done.getException(), () -> String.valueOf(done.getException()));
                assertEquals("9.4.0.5(tasmota)", done.getMessage().getHeader(EspConstants.FIRMWARE_VERSION));
            }
        }
    }

    private static void assertBannerOnNewConnection(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(100);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[1024];
            long deadline = System.currentTimeMillis() + 1000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                } catch (SocketTimeoutException e) {
                    // keep reading until the deadline
                }
            }
            String text = out.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("boot mode"), "the port was free for a new power-on: '" + text + "'");
        }
    }
}

package dev.flashline.camel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.RecordingSpool;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.sim.VirtualDeviceConfig;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * esp:erase?mode=needed then esp:flash leaves exactly the flash that a chip erase then esp:flash
 * leaves, erasing only the sectors that held data outside the image.
 */
class EspEraseNeededTest extends CamelTestSupport {
    private static final int SECTOR = 4096;
    private byte[] image;
    private final RecordingSpool spool = new RecordingSpool();

    @BeforeEach
    void routes() throws Exception {
        image = DemoFirmwareImage.build();
        context.getComponent("esp", EspComponent.class).getConfiguration().setBefore(ResetStrategy.NO_RESET);
        context.getRegistry().bind("spool", spool);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:all").to("esp:identify").to("esp:backup").process(e -> e.getMessage().setBody(image))
                        .to("esp:erase?mode=all").to("esp:flash?flashMode=dout&flashSize=detect").to("esp:verify").to("esp:close");
                from("direct:needed").to("esp:identify").to("esp:backup").process(e -> e.getMessage().setBody(image))
                        .to("esp:erase?mode=needed").to("esp:flash?flashMode=dout&flashSize=detect").to("esp:verify").to("esp:close");
                from("direct:behind").to("esp:identify").process(e -> e.getMessage().setBody(image))
                        .to("esp:backup?writeBehind=#spool&flashMode=dout&flashSize=detect").to("esp:erase?mode=needed")
                        .to("esp:flash?flashMode=dout&flashSize=detect").to("esp:verify").to("esp:close");
                from("direct:noBackup").to("esp:identify").process(e -> e.getMessage().setBody(image))
                        .to("esp:erase?mode=needed").to("esp:close");
            }
        });
    }

    /** Stock-firmware-like: code at 0, a partial OTA slot, config sectors, RF calibration, one stray byte; the rest 0xFF. */
    private static byte[] stockFlash() {
        byte[] flash = new byte[1 << 20];
        Arrays.fill(flash, (byte) 0xFF);
        Random random = new Random(12);
        fill(flash, random, 0, 300 * 1024 + 100);
        fill(flash, random, 0x81000, 0x13000);
        fill(flash, random, 0xF4000, 2 * SECTOR);
        fill(flash, random, 0xFC000, 128);
        fill(flash, random, 0xFE000, SECTOR);
        flash[0x7FFFF] = 0x00;
        return flash;
    }

    private static void fill(byte[] flash, Random random, int from, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        System.arraycopy(data, 0, flash, from, length);
    }

    private Exchange send(String route, String port) {
        return template.send(route, e -> e.getMessage().setHeader(EspConstants.PORT, port));
    }

    @Test
    void sameFlashAsChipEraseThenWrite() throws Exception {
        byte[] stock = stockFlash();
        try (VirtualPorts ports = new VirtualPorts(List.of(
                VirtualDeviceConfig.builder().mac("5c:cf:7f:00:00:01").stockFirmware(stock).build(),
                VirtualDeviceConfig.builder().mac("5c:cf:7f:00:00:02").stockFirmware(stock).build()))) {
            Exchange all = send("direct:all", ports.urls().get(0));
            assertNull(all.getException(), () -> String.valueOf(all.getException()));
            Exchange needed = send("direct:needed", ports.urls().get(1));
            assertNull(needed.getException(), () -> String.valueOf(needed.getException()));

            byte[] afterAll = ports.devices.get(0).flash().snapshot();
            byte[] afterNeeded = ports.devices.get(1).flash().snapshot();
            assertFalse(Arrays.equals(stock, afterAll), "the write changed the flash");
            assertArrayEquals(afterAll, afterNeeded, "erase-needed-then-write leaves exactly what erase-all-then-write leaves");

            // Erased: the sectors that held data beyond the image's sectors, nothing else.
            int imageSectors = (image.length + SECTOR - 1) / SECTOR;
            long expected = 0;
            for (int s = imageSectors; s < stock.length / SECTOR; s++) {
                boolean blank = true;
                for (int i = s * SECTOR; i < (s + 1) * SECTOR && blank; i++) {
                    blank = stock[i] == (byte) 0xFF;
                }
                expected += blank ? 0 : SECTOR;
            }
            assertEquals(expected, needed.getMessage().getHeader(EspConstants.ERASED_BYTES, Long.class));
            System.out.printf("erase?mode=needed erased %d of %d bytes (%d sectors) before writing a %d-byte image%n",
                    expected, stock.length, expected / SECTOR, image.length);
            assertTrue(expected < stock.length / 4, "a mostly blank stock flash needs far less than a chip erase: " + expected);
        }
    }

    /** The firmware written behind the backup, then erase?mode=needed: the same flash again, and the backup is the old flash. */
    @Test
    void writtenBehindTheBackupSameFlashAsChipEraseThenWrite() throws Exception {
        byte[] stock = stockFlash();
        try (VirtualPorts ports = new VirtualPorts(List.of(
                VirtualDeviceConfig.builder().mac("5c:cf:7f:00:00:03").stockFirmware(stock).build(),
                VirtualDeviceConfig.builder().mac("5c:cf:7f:00:00:04").stockFirmware(stock).build()))) {
            Exchange all = send("direct:all", ports.urls().get(0));
            assertNull(all.getException(), () -> String.valueOf(all.getException()));
            Exchange behind = send("direct:behind", ports.urls().get(1));
            assertNull(behind.getException(), () -> String.valueOf(behind.getException()));
            assertArrayEquals(ports.devices.get(0).flash().snapshot(), ports.devices.get(1).flash().snapshot(),
                    "written behind the backup, then erase-needed: exactly what erase-all-then-write leaves");
            assertArrayEquals(stock, behind.getMessage().getHeader(EspConstants.BACKUP_DATA, byte[].class), "the backup is the old flash");
            assertArrayEquals(image, behind.getMessage().getBody(byte[].class), "the body kept the firmware");
            assertEquals(0L, behind.getMessage().getHeader(EspConstants.WIRE_BYTES, Long.class), "esp:flash had nothing left to write");
            int imageBlocks = (image.length + 0xFFFF) / 0x10000;
            assertArrayEquals(Arrays.copyOf(stock, imageBlocks * 0x10000), spool.kept(),
                    "every block the image overlaps went to the spool first");
        }
    }

    @Test
    void neededWithoutBackupSaysWhatToDo() throws Exception {
        try (VirtualPorts ports = VirtualPorts.of(1)) {
            Exchange done = send("direct:noBackup", ports.urls().get(0));
            FlashlineException e = assertInstanceOf(FlashlineException.class, done.getException());
            assertTrue(e.getMessage().contains("needs esp:backup before it"), e.getMessage());
            assertTrue(e.hint().contains("mode=all"), e.hint());
        }
    }
}

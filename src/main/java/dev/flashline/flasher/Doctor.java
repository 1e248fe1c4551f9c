package dev.flashline.flasher;

import dev.flashline.loader.Connector;
import dev.flashline.loader.Diagnosis;
import dev.flashline.loader.LinkDiagnosis;
import dev.flashline.loader.Links;
import dev.flashline.loader.PacketLink;
import dev.flashline.loader.RomLoader;
import dev.flashline.loader.SyncObservation;
import dev.flashline.chip.ChipDetector;
import dev.flashline.chip.ChipFamily;
import dev.flashline.chip.Esp32Chip;
import dev.flashline.chip.Esp32c3Chip;
import dev.flashline.loader.Esp32RomCommands;
import dev.flashline.chip.ChipInfo;
import dev.flashline.chip.Esp8266Chip;
import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Explains why a device does not connect. First it listens at 74880 baud, the rate of the ROM's
 * boot banner (after pulsing reset where the adapter has the lines), then it tries to SYNC at 115200.
 */
public final class Doctor {
    static final int BANNER_BAUD = 74880;
    private static final long BANNER_LISTEN_MS = 700;
    private static final int SYNC_TRIES = 8;

    private Doctor() {
    }

    public static Diagnosis diagnose(Transport transport, Consumer<String> log) {
        try {
            byte[] banner = listenForBanner(transport, log);
            transport.setBaudRate(RomLoader.ROM_BAUD);
            return trySync(transport, banner, log);
        } catch (IOException e) {
            throw Links.failure(e, transport.description());
        } catch (InterruptedException e) {
            throw Links.interrupted(e, "while diagnosing " + transport.description());
        }
    }

    private static Diagnosis trySync(Transport transport, byte[] banner, Consumer<String> log) {
        PacketLink link = new PacketLink(transport);
        log.accept("Trying to SYNC at 115200 baud...");
        SyncObservation seen = Connector.sync(link, SYNC_TRIES);
        if (seen.synced()) {
            return synced(new RomLoader(link, seen.statusLength()));
        }
        byte[] stray = concat(banner, seen.strayBytes());
        return LinkDiagnosis.explain(new SyncObservation(false, seen.echoSeen(),
                banner.length + seen.bytesReceived(), stray, 2, false), transport.description());
    }

    private static Diagnosis synced(RomLoader loader) {
        ChipInfo chip;
        String silicon = "";
        ChipFamily family = ChipDetector.detect(loader);
        if (family == ChipFamily.ESP8266) {
            chip = Esp8266Chip.identify(loader);
        } else {
            Esp32RomCommands.spiAttach(loader); // the ESP32-family ROM reaches the flash only once attached
            chip = family == ChipFamily.ESP32 ? Esp32Chip.identify(loader) : Esp32c3Chip.identify(loader);
            silicon = " (" + (family == ChipFamily.ESP32 ? Esp32Chip.silicon(loader) : Esp32c3Chip.silicon(loader)) + ")";
        }
        return new Diagnosis(Diagnosis.OK, String.format("%s%s in download mode, MAC %s, flash %s (JEDEC %s)",
                chip.chip(), silicon, chip.mac(), chip.flashSize(), chip.flashJedecId()), "Nothing to fix: the device connects.");
    }

    private static byte[] listenForBanner(Transport transport, Consumer<String> log) throws IOException, InterruptedException {
        transport.setBaudRate(BANNER_BAUD);
        if (transport.hasControlLines()) {
            log.accept("Resetting the device and listening for its boot banner at 74880 baud...");
            transport.setDtr(false);
            transport.setRts(true);
            Thread.sleep(100);
            transport.setDtr(true);
            transport.setRts(false);
            Thread.sleep(50);
            transport.setDtr(false);
        } else {
            log.accept("Listening for a boot banner (no reset lines on this port: power-cycle the device now)...");
        }
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        long deadline = System.currentTimeMillis() + BANNER_LISTEN_MS;
        long left;
        while ((left = deadline - System.currentTimeMillis()) > 0) {
            int n = transport.read(buf, 0, buf.length, left);
            if (n > 0) {
                seen.write(buf, 0, n);
            }
        }
        return seen.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

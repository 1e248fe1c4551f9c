package dev.flashline.camel;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.BackupWithWrite;
import dev.flashline.flasher.ErasePlan;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.KnownContent;
import dev.flashline.flasher.ReadResult;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import dev.flashline.tasmota.TasmotaConsole;
import dev.flashline.chip.ChipInfo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation on the exchange's device through the flasher layer, recording it as a step
 * of its {@link DeviceRun}.
 */
public class EspProducer extends DefaultProducer {
    private static final Logger LOG = LoggerFactory.getLogger(EspProducer.class);

    private final EspEndpoint endpoint;
    private final EspConfiguration config;

    public EspProducer(EspEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    public void process(Exchange exchange) {
        DeviceRun run = deviceRun(exchange);
        RuntimeException notConnected = run.connectFailure();
        if (notConnected != null && !run.stepSucceeded("connect")) {
            run.step("connect", () -> {
                throw notConnected;
            });
        }
        EspOperation op = config.getOperation();
        run.step(op.stepName(), () -> {
            switch (op) {
                case IDENTIFY -> identify(run, exchange.getMessage());
                case BACKUP -> backup(run, exchange.getMessage());
                case FLASH -> flash(run, exchange.getMessage());
                case VERIFY -> verify(run, exchange.getMessage());
                case ERASE -> erase(run, exchange.getMessage());
                case SOFT_RESET -> softReset(run);
                case CONSOLE -> console(run, exchange.getMessage());
                case CLOSE -> run.close();
                default -> throw new IllegalStateException("esp:" + op + " cannot produce");
            }
        });
    }

    /**
     * The exchange's device. A route that does not start from esp:devices names the port in the
     * EspPort header: the device is connected on first use and released when the exchange completes.
     */
    DeviceRun deviceRun(Exchange exchange) {
        DeviceRun run = exchange.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
        if (run == null) {
            String port = exchange.getMessage().getHeader(EspConstants.PORT, String.class);
            if (port == null) {
                throw FlashlineException.badInput("No device on this exchange: set the " + EspConstants.PORT
                        + " header or start the route from esp:devices", "See the README's esp: component section.");
            }
            DeviceRun created = new DeviceRun(port, endpoint.getComponent().getDeviceEvents());
            created.releaseOnCompletion(true);
            exchange.setProperty(EspConstants.DEVICE_RUN, created);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    created.close();
                }
            });
            run = created;
        }
        return run;
    }

    private FlashSession session(DeviceRun run) {
        if (run.session() == null) {
            run.session(FlashSession.open(endpoint.connectOptions(run.port(), config.getBefore(), 0),
                    line -> LOG.info("[{}] {}", run.port(), line)));
        }
        return run.session();
    }

    private Flasher flasher(DeviceRun run) {
        return new Flasher(session(run), progress(run));
    }

    private static Progress progress(DeviceRun run) {
        return (phase, done, total) -> run.events().progress(run, phase, done, total);
    }

    private void identify(DeviceRun run, Message message) {
        ChipInfo chip = session(run).chip();
        message.setHeader(EspConstants.CHIP, chip.chip());
        message.setHeader(EspConstants.MAC, chip.mac());
        message.setHeader(EspConstants.FLASH_SIZE, chip.flashSize());
        message.setHeader(EspConstants.FLASH_SIZE_BYTES, chip.flashSizeBytes());
        message.setHeader(EspConstants.FLASH_JEDEC_ID, chip.flashJedecId());
    }

    /**
     * Reads the whole flash into the EspBackupData header (byte[]), and into the body when the body is
     * empty; its sha256 goes to the run and a header. A body that holds something (the firmware, in the
     * shipped route) is kept. With writeBehind, that firmware is written behind the read where that pays.
     */
    private void backup(DeviceRun run, Message message) {
        KnownContent known = config.getKnownContent() == null ? KnownContent.NONE : config.getKnownContent();
        byte[] flash;
        ReadResult result;
        if (config.getWriteBehind() != null) {
            FlashSession s = session(run);
            byte[] data = prepared(s, firmwareIn(message, "esp:backup?writeBehind"));
            BackupWithWrite.Outcome done = new BackupWithWrite(s, progress(run)).run(known, data, config.getOffset(),
                    config.getWriteBehind());
            if (done.write() != null) {
                run.written(new DeviceRun.FlashWrite(config.getOffset(), data.length, done.write().md5()), data);
                s.log("backup: the firmware went behind it, " + done.write().wireBytes() + " bytes on the wire");
            }
            flash = done.backup();
            result = done.read();
        } else {
            int size = session(run).chip().flashSizeBytes();
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            result = flasher(run).read(0, size, out, known);
            flash = out.toByteArray();
        }
        message.setHeader(EspConstants.BACKUP_DATA, flash);
        if (message.getBody() == null) {
            message.setBody(flash);
        }
        run.blankSectors(ErasePlan.blankSectors(flash)); // a bit per sector, for erase?mode=needed
        run.backupSha256(result.sha256());
        message.setHeader(EspConstants.BACKUP_SHA256, result.sha256());
    }

    /**
     * mode=all: chip erase. mode=needed: only sectors the backup found holding data, outside the
     * region where the body's firmware goes (the write erases that itself): same flash content after
     * the write as a chip erase, without erasing blank sectors or the image region twice.
     */
    private void erase(DeviceRun run, Message message) {
        if (config.getMode() == EspEraseMode.ALL) {
            flasher(run).eraseAll();
            return;
        }
        java.util.BitSet blank = run.blankSectors();
        if (blank == null) {
            throw FlashlineException.badInput("esp:erase?mode=needed needs esp:backup before it in the route (the backup shows"
                    + " which sectors hold data)", "Put esp:backup before esp:erase, or use esp:erase?mode=all.");
        }
        DeviceRun.FlashWrite earlier = run.written();
        if (earlier != null) { // written since the backup: no longer blank
            blank.clear(earlier.offset() / ErasePlan.SECTOR, (earlier.offset() + earlier.size() + ErasePlan.SECTOR - 1) / ErasePlan.SECTOR);
        }
        byte[] firmware = message.getBody(byte[].class);
        int size = session(run).chip().flashSizeBytes();
        List<ErasePlan.Region> regions = ErasePlan.regions(blank, size, config.getOffset(), firmware == null ? 0 : firmware.length);
        flasher(run).eraseRegions(regions);
        message.setHeader(EspConstants.ERASED_BYTES, ErasePlan.bytes(regions));
    }

    /**
     * Writes the body (the firmware bytes) with the endpoint's header patch; verification is its own
     * step. An image this run already wrote behind its backup is not written again.
     */
    private void flash(DeviceRun run, Message message) {
        FlashSession s = session(run);
        int offset = config.getOffset();
        byte[] data = prepared(s, firmwareIn(message, "esp:flash"));
        DeviceRun.FlashWrite earlier = run.written();
        if (earlier != null && earlier.offset() == offset && java.util.Arrays.equals(run.writtenBytes(), data)) {
            message.setHeader(EspConstants.WRITTEN_MD5, earlier.md5());
            message.setHeader(EspConstants.WRITTEN_SIZE, earlier.size());
            message.setHeader(EspConstants.WIRE_BYTES, 0L);
            return;
        }
        String mode = config.getFlashMode().optionValue();
        WriteResult result = flasher(run).write(data, offset, new WriteOptions(config.isCompress(), mode,
                config.getFlashSize(), false, false));
        run.written(new DeviceRun.FlashWrite(offset, result.size(), result.md5()), data);
        message.setHeader(EspConstants.WRITTEN_MD5, result.md5());
        message.setHeader(EspConstants.WRITTEN_SIZE, result.size());
        message.setHeader(EspConstants.WIRE_BYTES, result.wireBytes());
    }

    private static byte[] firmwareIn(Message message, String step) {
        byte[] firmware = message.getBody(byte[].class);
        if (firmware == null || firmware.length == 0) {
            throw FlashlineException.badInput(step + " needs the firmware bytes in the body",
                    "Put a step that loads the firmware (the catalog bean) before " + step + ".");
        }
        return firmware;
    }

    /** The image as it goes to flash: the endpoint's flash mode and size patched into its header. */
    private byte[] prepared(FlashSession s, byte[] firmware) {
        return ImagePreparation.prepare(firmware, "firmware", config.getOffset(), s.chip(), config.getFlashMode().optionValue(),
                config.getFlashSize());
    }

    /** The flasher compares the device's MD5 of the written region with the bytes written; a mismatch fails the device. */
    private void verify(DeviceRun run, Message message) {
        DeviceRun.FlashWrite written = run.written();
        byte[] data = run.writtenBytes();
        if (written == null || data == null) {
            throw FlashlineException.badInput("esp:verify needs an esp:flash before it in the route", "Fix the route.");
        }
        boolean ok = flasher(run).matches(data, written.offset());
        run.verification(new DeviceRun.Verification("md5", ok));
        message.setHeader(EspConstants.VERIFIED, ok);
        if (!ok) {
            throw FlashlineException.deviceFailed(String.format("Verify failed: the flash at 0x%X does not hold the %d bytes"
                            + " written (image MD5 %s)", written.offset(), written.size(), written.md5()),
                    "Flash the device again; if it fails twice, the flash chip or the supply is suspect.");
        }
    }

    /** Starts the firmware; the same link now carries its console. */
    private void softReset(DeviceRun run) {
        FlashSession s = session(run);
        s.loader().link().takeStrayBytes(); // what came before is the loader's, not the firmware's
        s.runFirmware();
        // The boot log follows the loader's last answer at once: what the loader read past it is the console's.
        byte[] alreadyRead = s.loader().link().takeStrayBytes();
        EspComponent component = endpoint.getComponent();
        run.console(new TasmotaConsole(s.transport(),
                line -> LOG.debug("[{}] console: {}", run.port(), component.getSecretMasker().apply(line)), alreadyRead));
    }

    /**
     * Waits for the firmware's boot (once) and sends the body's commands, one per line; the body
     * becomes the list of JSON answers (as text).
     */
    private void console(DeviceRun run, Message message) {
        TasmotaConsole console = run.console();
        if (console == null) {
            throw FlashlineException.badInput("esp:console needs esp:softReset before it", "Fix the route.");
        }
        if (run.bootVersion() == null) {
            run.bootVersion(console.awaitBoot(config.getBootTimeout().toMillis()));
        }
        message.setHeader(EspConstants.FIRMWARE_VERSION, run.bootVersion());
        String body = message.getBody(String.class);
        List<String> answers = new ArrayList<>();
        if (body != null) {
            for (String line : body.split("\\R")) {
                if (!line.isBlank()) {
                    console.send(line.trim(), config.getCommandTimeout().toMillis()).forEach(a -> answers.add(a.toString()));
                }
            }
        }
        message.setBody(answers);
    }
}

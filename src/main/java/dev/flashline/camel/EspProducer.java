package dev.flashline.camel;

import dev.flashline.digest.Digests;

import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.ImagePreparation;
import dev.flashline.flasher.Progress;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.StubLoader;
import dev.flashline.tasmota.TasmotaConsole;
import dev.flashline.chip.ChipInfo;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one engine operation on the exchange's device, recording it as a step of its {@link DeviceRun}. */
public class EspProducer extends DefaultProducer {
    private static final Logger LOG = LoggerFactory.getLogger(EspProducer.class);

    private final EspEndpoint endpoint;

    public EspProducer(EspEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        DeviceRun run = deviceRun(exchange);
        EspOperation op = endpoint.getOperation();
        run.step(op.stepName(), () -> {
            switch (op) {
                case IDENTIFY -> identify(run, exchange.getMessage());
                case BACKUP -> backup(run, exchange.getMessage());
                case FLASH -> flash(run, exchange.getMessage());
                case VERIFY -> verify(run, exchange.getMessage());
                case ERASE -> flasher(run).eraseAll();
                case SOFT_RESET -> softReset(run);
                case CONSOLE -> console(run, exchange.getMessage());
                case CLOSE -> run.close();
                default -> throw new IllegalStateException("esp:" + op + " cannot produce");
            }
        });
    }

    /** The exchange's device; created (and connected) from the EspPort header when the route starts elsewhere. */
    DeviceRun deviceRun(Exchange exchange) {
        DeviceRun run = exchange.getProperty(EspConstants.DEVICE_RUN, DeviceRun.class);
        if (run == null) {
            String port = exchange.getMessage().getHeader(EspConstants.PORT, String.class);
            if (port == null) {
                throw FlashlineException.badInput("No device on this exchange: set the " + EspConstants.PORT
                        + " header or start the route from esp:devices", "See the README's esp: component section.");
            }
            run = new DeviceRun(port, endpoint.getComponent().getDeviceEvents());
            exchange.setProperty(EspConstants.DEVICE_RUN, run);
        }
        return run;
    }

    private FlashSession session(DeviceRun run) {
        if (run.session() == null) {
            run.session(FlashSession.open(endpoint.connectOptions(run.port(), ResetStrategy.parse(endpoint.getBefore()), 0),
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

    /** Reads the whole flash into the body (byte[]) and its sha256 into a header. */
    private void backup(DeviceRun run, Message message) {
        FlashSession s = session(run);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.chip().flashSizeBytes());
        var result = flasher(run).read(0, s.chip().flashSizeBytes(), out);
        message.setBody(out.toByteArray());
        message.setHeader(EspConstants.BACKUP_SHA256, result.sha256());
    }

    /** Writes the body (the firmware bytes) with the endpoint's header patch; verification is its own step. */
    private void flash(DeviceRun run, Message message) {
        byte[] firmware = message.getBody(byte[].class);
        if (firmware == null || firmware.length == 0) {
            throw FlashlineException.badInput("esp:flash needs the firmware bytes in the body",
                    "Put a step that loads the firmware (the catalog bean) before esp:flash.");
        }
        FlashSession s = session(run);
        int offset = endpoint.getOffset();
        byte[] data = ImagePreparation.prepare(firmware, "firmware", offset, s.chip(), endpoint.getFlashMode(), endpoint.getFlashSize());
        WriteResult result = flasher(run).write(data, offset, new WriteOptions(endpoint.isCompress(), endpoint.getFlashMode(),
                endpoint.getFlashSize(), false, false));
        message.setHeader(EspConstants.WRITTEN_MD5, result.md5());
        message.setHeader(EspConstants.WRITTEN_SIZE, result.size());
        message.setHeader(EspConstants.WIRE_BYTES, result.wireBytes());
        run.fact("written", new int[] {offset, result.size()});
        run.fact("writtenMd5", result.md5());
        run.fact("writtenSha256", Digests.sha256Hex(data));
    }

    /** Compares the device's MD5 of the written region with the image's; a mismatch fails the device. */
    private void verify(DeviceRun run, Message message) {
        int[] region = run.fact("written");
        String expected = run.fact("writtenMd5");
        if (region == null || expected == null) {
            throw FlashlineException.badInput("esp:verify needs an esp:flash before it in the route", "Fix the route.");
        }
        StubLoader stub = session(run).requireStub("Verifying the written firmware");
        String onDevice = HexFormat.of().formatHex(stub.md5(region[0], region[1]));
        boolean ok = onDevice.equals(expected);
        message.setHeader(EspConstants.VERIFIED, ok);
        run.fact("verified", ok);
        if (!ok) {
            throw FlashlineException.deviceFailed("Verify failed: the flash holds MD5 " + onDevice + ", the firmware " + expected,
                    "Flash the device again; if it fails twice, the flash chip or the supply is suspect.");
        }
    }

    /** Starts the firmware; the same link now carries its console. */
    private void softReset(DeviceRun run) {
        FlashSession s = session(run);
        s.loader().runUserCode();
        EspComponent component = endpoint.getComponent();
        run.console(new TasmotaConsole(s.transport(),
                line -> LOG.debug("[{}] console: {}", run.port(), component.getSecretMasker().apply(line))));
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
        if (run.fact("firmwareVersion") == null) {
            run.fact("firmwareVersion", console.awaitBoot(endpoint.getBootTimeout()));
        }
        message.setHeader(EspConstants.FIRMWARE_VERSION, run.fact("firmwareVersion"));
        String body = message.getBody(String.class);
        List<String> answers = new ArrayList<>();
        if (body != null) {
            for (String line : body.split("\\R")) {
                if (!line.isBlank()) {
                    console.send(line.trim(), endpoint.getCommandTimeout()).forEach(a -> answers.add(a.toString()));
                }
            }
        }
        message.setBody(answers);
    }

}

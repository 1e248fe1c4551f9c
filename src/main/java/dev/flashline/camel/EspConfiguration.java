package dev.flashline.camel;

import dev.flashline.flasher.BackupSpool;
import dev.flashline.flasher.KnownContent;
import dev.flashline.loader.ResetStrategy;
import java.time.Duration;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of an {@code esp:} endpoint. Set on the component, they are the defaults of every
 * endpoint: each endpoint gets its own {@link #copy()} and its URI parameters change only that copy.
 * Durations take Camel's forms: {@code 20s}, {@code 1m30s}, {@code 500ms}, ISO-8601 {@code PT20S},
 * or a plain number of milliseconds.
 */
@UriParams
public class EspConfiguration implements Cloneable {
    @UriPath(enums = "devices,identify,backup,flash,verify,erase,softReset,console,close",
            description = "devices (consumer) or identify, backup, flash, verify, erase, softReset, console, close (producer)")
    @Metadata(required = true)
    private EspOperation operation;

    @UriParam(label = "consumer", description = "Port URLs to watch, comma-separated (/dev/ttyUSB0, socket://HOST:PORT, rfc2217://HOST:PORT)")
    private String ports = "";
    @UriParam(label = "consumer", defaultValue = "false", description = "Also pick up USB serial adapters as they are plugged in (reset through DTR/RTS)")
    private boolean watchSerial;
    @UriParam(label = "consumer", defaultValue = "4",
            description = "Devices provisioned at the same time; every watched port is served in turn whatever this is")
    private int concurrency = 4;
    @UriParam(label = "consumer", defaultValue = "false", description = "One device per watched port, then that port is done")
    private boolean oncePerPort;
    @UriParam(label = "consumer", defaultValue = "0", description = "Stop after this many devices (0: no limit)")
    private int maxDevices;
    @UriParam(label = "consumer", defaultValue = "500ms", javaType = "java.time.Duration",
            description = "Pause between looks at a port that has no (new) device")
    private Duration pollDelay = Duration.ofMillis(500);

    @UriParam(label = "consumer", defaultValue = "3",
            description = "Failed connection attempts (no sync, stub not starting, no answer) of the same device before it is recorded failed and the port moves on")
    private int attempts = 3;

    @UriParam(defaultValue = "wait", enums = "default-reset,no-reset,wait",
            description = "How to reach download mode: pulse DTR/RTS (default-reset), none (no-reset), or keep trying until a device answers (wait)")
    private ResetStrategy before = ResetStrategy.WAIT;
    @UriParam(defaultValue = "115200", description = "Baud rate of the session: where the port sets a rate (serial, rfc2217) the"
            + " ROM is synced at it directly (it detects the rate from SYNC), else at 115200 and then switched")
    private int baud = 115200;
    @UriParam(description = "Flasher stub JSON file (esptool's layout) instead of the bundled stub")
    private String stub;
    @UriParam(defaultValue = "false", description = "ROM loader only: no stub (no backup, no MD5 verify)")
    private boolean noStub;

    @UriParam(label = "producer", defaultValue = "true", description = "flash: send the image compressed (the stub inflates it)")
    private boolean compress = true;
    @UriParam(label = "producer", defaultValue = "keep", enums = "keep,qio,qout,dio,dout",
            description = "flash: SPI mode written into the image header (an ESP8285 is always written as dout)")
    private EspFlashMode flashMode = EspFlashMode.KEEP;
    @UriParam(label = "producer", defaultValue = "keep",
            description = "flash: flash size written into the image header: keep, detect (as read from the chip) or a size such as 1MB")
    private String flashSize = "keep";
    @UriParam(label = "producer", defaultValue = "0", description = "flash: flash offset to write at (erase?mode=needed: where the body's firmware will be written)")
    private int offset;
    @UriParam(label = "producer", defaultValue = "all", enums = "all,needed",
            description = "erase: all (chip erase) or needed (only sectors the run's backup showed holding data, outside the region"
                    + " the body's firmware will be written to at offset, which the write erases itself; needs esp:backup before it)")
    private EspEraseMode mode = EspEraseMode.ALL;
    @UriParam(label = "producer", description = "backup: flash content the station already holds (a KnownContent bean, e.g."
            + " #storedBlocks): 64 KB chunks whose MD5, asked from the device, names known content are taken from it instead of"
            + " read; the whole backup is still checked against the device's MD5")
    private KnownContent knownContent;
    @UriParam(label = "producer", description = "backup: write the body's firmware behind the backup (a BackupSpool bean, e.g."
            + " #backupSpool; flashline's stub only): the old flash comes in while the image goes out, and a 64 KB block is erased"
            + " only once its old content arrived, matched the device's MD5 and is in the spool. Uses flashMode, flashSize and"
            + " offset as flash does. The body keeps the firmware, the backup goes to the EspBackupData header, and esp:flash"
            + " then only writes what is not written yet. Skipped (a plain backup) where the station holds most of this flash")
    private BackupSpool writeBehind;
    @UriParam(label = "producer", defaultValue = "20s", javaType = "java.time.Duration",
            description = "console: how long the firmware may take to boot")
    private Duration bootTimeout = Duration.ofSeconds(20);
    @UriParam(label = "producer", defaultValue = "10s", javaType = "java.time.Duration",
            description = "console: how long a console command may take to be answered")
    private Duration commandTimeout = Duration.ofSeconds(10);

    /** An independent copy, for one endpoint. */
    public EspConfiguration copy() {
        try {
            return (EspConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public EspOperation getOperation() {
        return operation;
    }

    public void setOperation(EspOperation operation) {
        this.operation = operation;
    }

    public String getPorts() {
        return ports;
    }

    public void setPorts(String ports) {
        this.ports = ports;
    }

    public boolean isWatchSerial() {
        return watchSerial;
    }

    public void setWatchSerial(boolean watchSerial) {
        this.watchSerial = watchSerial;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public boolean isOncePerPort() {
        return oncePerPort;
    }

    public void setOncePerPort(boolean oncePerPort) {
        this.oncePerPort = oncePerPort;
    }

    public int getMaxDevices() {
        return maxDevices;
    }

    public void setMaxDevices(int maxDevices) {
        this.maxDevices = maxDevices;
    }

    public Duration getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(Duration pollDelay) {
        this.pollDelay = pollDelay;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public ResetStrategy getBefore() {
        return before;
    }

    public void setBefore(ResetStrategy before) {
        this.before = before;
    }

    public int getBaud() {
        return baud;
    }

    public void setBaud(int baud) {
        this.baud = baud;
    }

    public String getStub() {
        return stub;
    }

    public void setStub(String stub) {
        this.stub = stub;
    }

    public boolean isNoStub() {
        return noStub;
    }

    public void setNoStub(boolean noStub) {
        this.noStub = noStub;
    }

    public boolean isCompress() {
        return compress;
    }

    public void setCompress(boolean compress) {
        this.compress = compress;
    }

    public EspFlashMode getFlashMode() {
        return flashMode;
    }

    public void setFlashMode(EspFlashMode flashMode) {
        this.flashMode = flashMode;
    }

    public String getFlashSize() {
        return flashSize;
    }

    public void setFlashSize(String flashSize) {
        this.flashSize = flashSize;
    }

    public BackupSpool getWriteBehind() {
        return writeBehind;
    }

    public void setWriteBehind(BackupSpool writeBehind) {
        this.writeBehind = writeBehind;
    }

    public KnownContent getKnownContent() {
        return knownContent;
    }

    public void setKnownContent(KnownContent knownContent) {
        this.knownContent = knownContent;
    }

    public EspEraseMode getMode() {
        return mode;
    }

    public void setMode(EspEraseMode mode) {
        this.mode = mode;
    }

    public int getOffset() {
        return offset;
    }

    public void setOffset(int offset) {
        this.offset = offset;
    }

    public Duration getBootTimeout() {
        return bootTimeout;
    }

    public void setBootTimeout(Duration bootTimeout) {
        this.bootTimeout = bootTimeout;
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }
}

package dev.flashline.camel;

import dev.flashline.flasher.AfterAction;
import dev.flashline.flasher.ConnectOptions;
import dev.flashline.loader.ResetStrategy;
import java.nio.file.Path;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** An {@code esp:} endpoint; its options are listed in the README. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "esp", title = "ESP8266 serial bootloader", syntax = "esp:operation",
        category = {Category.IOT})
public class EspEndpoint extends DefaultEndpoint {
    @UriPath(description = "devices (consumer) or identify, backup, flash, verify, erase, softReset, console, close")
    private final EspOperation operation;

    @UriParam(description = "Consumer: port URLs to watch, comma-separated", label = "consumer")
    private String ports = "";
    @UriParam(description = "Consumer: also pick up serial adapters that get plugged in", defaultValue = "false", label = "consumer")
    private boolean watchSerial;
    @UriParam(description = "Consumer: ports handled at the same time", defaultValue = "4", label = "consumer")
    private int concurrency = 4;
    @UriParam(description = "Consumer: one device per configured port, then that port is done", defaultValue = "false", label = "consumer")
    private boolean oncePerPort;
    @UriParam(description = "Consumer: stop looking after this many devices (0: no limit)", defaultValue = "0", label = "consumer")
    private int maxDevices;
    @UriParam(description = "Consumer: pause between looks for a device, ms", defaultValue = "500", label = "consumer")
    private long pollDelay = 500;
    @UriParam(description = "Reset before connecting: default-reset, no-reset, wait", defaultValue = "wait")
    private String before = "wait";
    @UriParam(description = "Baud rate once the stub runs", defaultValue = "115200")
    private int baud = 115200;
    @UriParam(description = "Flasher stub JSON file instead of the bundled stub")
    private String stub;
    @UriParam(description = "ROM loader only", defaultValue = "false")
    private boolean noStub;
    @UriParam(description = "flash: send compressed", defaultValue = "true", label = "producer")
    private boolean compress = true;
    @UriParam(description = "flash: keep, qio, qout, dio, dout", defaultValue = "keep", label = "producer")
    private String flashMode = "keep";
    @UriParam(description = "flash: keep, detect, 1MB, ...", defaultValue = "keep", label = "producer")
    private String flashSize = "keep";
    @UriParam(description = "flash: offset to write at", defaultValue = "0", label = "producer")
    private int offset;
    @UriParam(description = "console: how long the firmware may take to boot, ms", defaultValue = "20000", label = "producer")
    private long bootTimeout = 20000;
    @UriParam(description = "console: how long a command may take to be answered, ms", defaultValue = "10000", label = "producer")
    private long commandTimeout = 10000;

    public EspEndpoint(String uri, EspComponent component, EspOperation operation) {
        super(uri, component);
        this.operation = operation;
    }

    @Override
    public Producer createProducer() {
        if (operation == EspOperation.DEVICES) {
            throw new IllegalArgumentException("esp:devices is a consumer (use it in from:)");
        }
        return new EspProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != EspOperation.DEVICES) {
            throw new IllegalArgumentException("Only esp:devices can be consumed from");
        }
        EspConsumer consumer = new EspConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public EspComponent getComponent() {
        return (EspComponent) super.getComponent();
    }

    ConnectOptions connectOptions(String port, ResetStrategy reset, long waitMillis) {
        return new ConnectOptions(port, reset, AfterAction.NO_RESET, baud, stub == null || stub.isBlank() ? null : Path.of(stub),
                noStub, waitMillis);
    }

    public EspOperation getOperation() {
        return operation;
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

    public long getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(long pollDelay) {
        this.pollDelay = pollDelay;
    }

    public String getBefore() {
        return before;
    }

    public void setBefore(String before) {
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

    public String getFlashMode() {
        return flashMode;
    }

    public void setFlashMode(String flashMode) {
        this.flashMode = flashMode;
    }

    public String getFlashSize() {
        return flashSize;
    }

    public void setFlashSize(String flashSize) {
        this.flashSize = flashSize;
    }

    public int getOffset() {
        return offset;
    }

    public void setOffset(int offset) {
        this.offset = offset;
    }

    public long getBootTimeout() {
        return bootTimeout;
    }

    public void setBootTimeout(long bootTimeout) {
        this.bootTimeout = bootTimeout;
    }

    public long getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(long commandTimeout) {
        this.commandTimeout = commandTimeout;
    }
}

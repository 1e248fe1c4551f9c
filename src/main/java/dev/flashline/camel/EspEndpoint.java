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
import org.apache.camel.support.DefaultEndpoint;

/**
 * Back up, flash, verify and configure ESP8266 / ESP8285 devices over their serial bootloader:
 * esp:devices emits one exchange per device that appears on the watched ports; the other
 * operations run on the exchange's device.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "esp", title = "ESP8266 serial bootloader", syntax = "esp:operation",
        category = {Category.IOT}, headersClass = EspConstants.class)
public class EspEndpoint extends DefaultEndpoint {
    @UriParam
    private final EspConfiguration configuration;

    public EspEndpoint(String uri, EspComponent component, EspConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        if (configuration.getOperation() == EspOperation.DEVICES) {
            throw new IllegalArgumentException("esp:devices is a consumer (use it in from:)");
        }
        return new EspProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (configuration.getOperation() != EspOperation.DEVICES) {
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

    /** This endpoint's own copy of the options. */
    public EspConfiguration getConfiguration() {
        return configuration;
    }

    public EspOperation getOperation() {
        return configuration.getOperation();
    }

    ConnectOptions connectOptions(String port, ResetStrategy reset, long waitMillis) {
        String stub = configuration.getStub();
        return new ConnectOptions(port, reset, AfterAction.NO_RESET, configuration.getBaud(),
                stub == null || stub.isBlank() ? null : Path.of(stub), configuration.isNoStub(), waitMillis);
    }
}

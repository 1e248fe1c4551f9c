package dev.flashline.camel;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code esp:} component: {@code esp:devices} (consumer) emits one exchange per device that
 * appears; {@code esp:identify|backup|flash|verify|erase|softReset|console|close} (producer) run
 * the engine on the exchange's device.
 */
@org.apache.camel.spi.annotations.Component("esp")
public class EspComponent extends DefaultComponent {
    private UnaryOperator<String> secretMasker = UnaryOperator.identity();
    private DeviceEvents deviceEvents = DeviceEvents.NONE;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EspEndpoint endpoint = new EspEndpoint(uri, this, EspOperation.parse(remaining));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** Masks secrets in text the component logs (a device's console may echo a password). */
    public UnaryOperator<String> getSecretMasker() {
        return secretMasker;
    }

    public void setSecretMasker(UnaryOperator<String> secretMasker) {
        this.secretMasker = secretMasker;
    }

    /** Who hears about devices, steps and progress (the run command's console display). */
    public DeviceEvents getDeviceEvents() {
        return deviceEvents;
    }

    public void setDeviceEvents(DeviceEvents deviceEvents) {
        this.deviceEvents = deviceEvents;
    }
}

package dev.flashline.camel;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code esp:} component: {@code esp:devices} (consumer) emits one exchange per device that
 * appears; {@code esp:identify|backup|flash|verify|erase|softReset|console|close} (producer) run
 * the engine on the exchange's device. Options set here are every endpoint's defaults.
 */
@org.apache.camel.spi.annotations.Component("esp")
public class EspComponent extends DefaultComponent {
    @Metadata(description = "Options shared by every esp: endpoint (each endpoint gets its own copy)")
    private EspConfiguration configuration = new EspConfiguration();
    @Metadata(label = "advanced", description = "Masks secrets in text the component logs (a device's console may echo a password)")
    private UnaryOperator<String> secretMasker = UnaryOperator.identity();
    /** How hints name settings for whoever reads this component's messages (the line: its property names). */
    private dev.flashline.errors.Setting.Names settingNames = dev.flashline.errors.Setting.Names.NEUTRAL;
    @Metadata(label = "advanced", description = "Who hears about devices, steps and progress (the run command's console display)")
    private DeviceEvents deviceEvents = DeviceEvents.NONE;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EspConfiguration copy = configuration.copy();
        copy.setOperation(EspOperation.parse(remaining));
        EspEndpoint endpoint = new EspEndpoint(uri, this, copy);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public EspConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(EspConfiguration configuration) {
        this.configuration = configuration;
    }

    public dev.flashline.errors.Setting.Names getSettingNames() {
        return settingNames;
    }

    public void setSettingNames(dev.flashline.errors.Setting.Names settingNames) {
        this.settingNames = settingNames;
    }

    public UnaryOperator<String> getSecretMasker() {
        return secretMasker;
    }

    public void setSecretMasker(UnaryOperator<String> secretMasker) {
        this.secretMasker = secretMasker;
    }

    public DeviceEvents getDeviceEvents() {
        return deviceEvents;
    }

    public void setDeviceEvents(DeviceEvents deviceEvents) {
        this.deviceEvents = deviceEvents;
    }
}

package dev.flashline.pipeline;

import dev.flashline.camel.DeviceRun;
import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceProfile;
import dev.flashline.config.DeviceProfiles;
import dev.flashline.config.ProvisioningSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Bean {@code profiles}: the device profile (config/profiles.yaml) of each device. Right after
 * {@code esp:identify} it picks the profile (the devices.csv row's, else flashline.profile) and
 * stops the device, before anything is read or written, when its chip or flash size is not what
 * the profile expects. Once the device is set up and back online it hands out the calibration
 * Backlog (PowerSet / VoltageSet / CurrentSet) for profiles with a power meter.
 */
public final class ProfileStep {
    private final DeviceProfiles profiles;
    private final DeviceManifest manifest;
    private final ProvisioningSettings settings;
    private final Map<String, String> config;

    /** @param config the station's configuration (flashline.calibration.* reference values) */
    public ProfileStep(DeviceProfiles profiles, DeviceManifest manifest, ProvisioningSettings settings, Map<String, String> config) {
        this.profiles = profiles;
        this.manifest = manifest;
        this.settings = settings;
        this.config = Map.copyOf(config);
    }

    /** After esp:identify: notes the device's profile and checks its chip and flash size (step "profile"). */
    public void check(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        run.step("profile", () -> {
            Optional<DeviceProfile> profile = profiles.forDevice(run.chip().mac(), manifest, settings);
            profile.ifPresent(p -> {
                run.profile(p); // the audit record names it, also when the device does not match it
                p.check(run.chip().mac(), run.chip().chip(), run.chip().flashSizeBytes());
            });
        });
    }

    /**
     * Puts the calibration Backlog in the body (null when the profile has none or no reference value
     * is configured), and marks "from now on" so deviceWatch.awaitBacklog counts only its answers.
     * Runs once the module is set and the device is back online: the energy driver only takes these
     * commands with the power-meter module active.
     */
    public void calibration(Exchange exchange) {
        DeviceRun run = Runs.of(exchange);
        DeviceProfile profile = run.profile();
        List<String> commands = profile == null ? List.of() : DeviceProfiles.calibrationCommands(profile, config);
        if (commands.isEmpty()) {
            exchange.getMessage().setBody(null);
            return;
        }
        // Step "calibration" in the record; the answers are then awaited as the route's next mqtt-config step.
        run.step("calibration", () -> {
            run.backlog(new DeviceRun.Backlog(commands.size(), false));
            run.mqttMark(System.nanoTime());
            exchange.setProperty(TasmotaSetup.TOPIC_PROPERTY, TasmotaSetup.topicOf(run));
            exchange.getMessage().setBody(String.join("; ", commands));
        });
    }
}

package dev.flashline.pipeline;

import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceProfile;
import dev.flashline.config.DeviceSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * How a device profile shapes one device's configuration: which module it gets and the order of
 * the commands sent over MQTT. A devices.csv row always wins over the profile, the profile over
 * flashline.default-module.
 */
final class ProfileCommands {
    private ProfileCommands() {
    }

    /**
     * The device's settings: the row's module, else the profile's, else flashline.default-module. A
     * row that gives a template but no module gets module 0 under a profile, so its template (not the
     * profile's module) is what the device runs; else a profile with a template (the Tasmota32 models)
     * gives module 0 and its template.
     */
    static DeviceSettings settings(DeviceManifest manifest, String mac, String defaultModule, DeviceProfile profile) {
        String module = profile == null ? defaultModule : Integer.toString(profile.module());
        DeviceSettings device = manifest.forMac(mac, new DeviceManifest.Defaults(module, null));
        DeviceSettings row = manifest.forMac(mac, DeviceManifest.Defaults.NONE);
        if (profile != null && device.template() != null && row.module() == null) {
            return new DeviceSettings(device.mac(), device.name(), device.topic(), "0", device.template(),
                    device.commands(), device.fromManifest());
        }
        if (profile != null && profile.template() != null && row.module() == null) {
            // A Tasmota32 model: module 0 runs the profile's template (Tasmota's documented one for it).
            return new DeviceSettings(device.mac(), device.name(), device.topic(), "0", profile.template(),
                    device.commands(), device.fromManifest());
        }
        return device;
    }

    /**
     * The MQTT Backlog: friendly name, module and template, then the profile's commands, the
     * station's flashline.backlog and the row's commands (later ones win). With a profile whose
     * module takes the serial port (POW R2), the module comes last, after everything else.
     */
    static List<String> mqttBacklog(DeviceSettings device, DeviceProfile profile, List<String> stationCommands) {
        boolean moduleLast = profile != null && profile.serialTakenByModule();
        List<String> commands = new ArrayList<>();
        commands.add("FriendlyName1 " + device.name());
        if (device.module() != null && !moduleLast) {
            commands.add("Module " + device.module());
        }
        if (device.template() != null) {
            commands.add("Template " + device.template());
        }
        if (profile != null) {
            commands.addAll(profile.commands());
        }
        commands.addAll(stationCommands);
        commands.addAll(device.commands());
        if (device.module() != null && moduleLast) {
            commands.add("Module " + device.module());
        }
        return commands;
    }
}

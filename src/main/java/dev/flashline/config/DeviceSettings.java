package dev.flashline.config;

import java.util.List;

/**
 * What one device gets configured with. {@code module} (a Tasmota module number) and
 * {@code template} (Tasmota template JSON) may be null: leave the firmware's own choice.
 * {@code fromManifest} tells whether devices.csv had a row for this MAC.
 */
public record DeviceSettings(String mac, String name, String topic, String module, String template,
                             List<String> commands, boolean fromManifest) {
}

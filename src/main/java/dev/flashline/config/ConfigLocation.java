package dev.flashline.config;

/**
 * Where a setting is written, for messages: "FILE:LINE" when the settings file writes the key, else
 * "FILE". The default speaks of config/application.properties without a line.
 */
@FunctionalInterface
public interface ConfigLocation {
    ConfigLocation DEFAULT = key -> ProvisioningSettings.CONFIG_FILE;

    String of(String key);

    /** The file alone (for a setting that is missing). */
    default String file() {
        String where = of("");
        return where.replaceFirst(":\\d+$", "");
    }
}

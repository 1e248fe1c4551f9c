package dev.flashline.pipeline;

import dev.flashline.catalog.FirmwareCatalog;
import dev.flashline.catalog.FirmwareEntry;
import dev.flashline.config.DeviceManifest;
import dev.flashline.config.DeviceProfile;
import dev.flashline.config.DeviceProfiles;
import dev.flashline.config.ProvisioningSettings;
import dev.flashline.errors.FlashlineException;
import dev.flashline.units.ByteSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the line checks about device profiles at start, before any device is touched: every
 * profile the config and devices.csv name exists, the build each of them prefers is in the
 * catalog, fits the profile's chip and flash and (at a real station, where it is used) is pinned,
 * and the calibration reference values are numbers.
 */
final class ProfileCheck {
    private ProfileCheck() {
    }

    /**
     * Fails with bad input on the first problem; returns notes for the operator (e.g. that simulated
     * devices get the demo build instead of a profile's real one).
     */
    static List<String> atStart(DeviceProfiles profiles, DeviceManifest manifest, ProvisioningSettings settings,
                                FirmwareCatalog catalog, Map<String, String> config, boolean simulate) {
        profiles.checkReferences(manifest, settings);
        Map<String, DeviceProfile> used = new LinkedHashMap<>();
        Optional.ofNullable(settings.profile()).map(id -> profiles.require(id, "flashline.profile")).ifPresent(p -> used.put(p.id(), p));
        for (String mac : manifest.macs()) {
            manifest.profileFor(mac).map(id -> profiles.require(id, "devices.csv (" + mac + ")")).ifPresent(p -> used.put(p.id(), p));
        }
        List<String> notes = new ArrayList<>();
        for (DeviceProfile p : used.values()) {
            DeviceProfiles.calibrationCommands(p, config); // a reference value that is not a number stops here
            FirmwareEntry entry = catalog.find(p.firmware()).orElseThrow(() -> FlashlineException.badInput(
                    "Profile '" + p.id() + "' prefers firmware '" + p.firmware() + "', which is not in " + catalog.file(),
                    "Use one of: " + catalog.entries().stream().map(FirmwareEntry::name).toList()
                            + " (in the profile's 'firmware' key, in config/profiles.local.yaml)."));
            if (!entry.fits(p.chip(), p.flashBytes())) {
                throw FlashlineException.badInput("Profile '" + p.id() + "' prefers firmware '" + entry.name() + "', built for "
                                + entry.chip() + " with at least " + ByteSize.format(entry.minFlashBytes()) + ", but the profile is an "
                                + p.chip() + " with " + ByteSize.format(p.flashBytes()),
                        "Name a build that fits the model in the profile's 'firmware' key (config/profiles.local.yaml).");
            }
            if (settings.firmware() != null) {
                continue; // flashline.firmware wins over every profile's build
            }
            if (simulate && entry.source() != FirmwareEntry.Source.DEMO) {
                notes.add("Profile '" + p.id() + "' prefers '" + entry.name() + "'; simulated devices boot only demo builds,"
                        + " so they get the catalog's default build instead.");
            } else if (!simulate && p.id().equals(settings.profile())) {
                continue; // the batch's build: checked with flashline.firmware below
            } else if (!simulate) {
                ProvisioningLine.requireRealFirmware(catalog, entry.name());
            }
        }
        if (!simulate) {
            // The build for devices without a row profile: flashline.firmware, else the batch profile's.
            String batchBuild = settings.firmware() != null ? settings.firmware()
                    : settings.profile() == null ? null : used.get(settings.profile()).firmware();
            ProvisioningLine.requireRealFirmware(catalog, batchBuild);
        }
        return notes;
    }

    /**
     * The build a device's profile prefers, when flashline.firmware is not set: null (the catalog
     * default) without a profile, or for simulated devices when the profile's build is a real one.
     */
    static String profileBuild(DeviceProfile profile, FirmwareCatalog catalog, boolean simulatedDevices) {
        if (profile == null) {
            return null;
        }
        if (simulatedDevices && catalog.find(profile.firmware()).map(e -> e.source() != FirmwareEntry.Source.DEMO).orElse(true)) {
            return null;
        }
        return profile.firmware();
    }
}

package dev.flashline.config;

import dev.flashline.errors.FlashlineException;
import java.util.List;
import java.util.Locale;

/**
 * What a device model needs (config/profiles.yaml): its Tasmota module (or, for the Tasmota32
 * models, module 0 and the template Tasmota's documentation gives), the chip and flash size it must
 * report, the catalog build to prefer, commands after set-up, whether the module takes the serial
 * port (POW R2: the CSE7766 power meter), and the calibration commands it supports.
 *
 * @param chip       "esp8266", "esp8285", "esp32" or "esp32c3"
 * @param flashBytes the flash size chip-info must report
 * @param template   Tasmota template JSON (sent with Module 0), or null
 */
public record DeviceProfile(String id, String name, int module, String chip, int flashBytes, String firmware,
                            List<String> commands, boolean serialTakenByModule, List<String> calibration, String template) {

    /** A profile without a template (the ESP8266 models, which have module numbers of their own). */
    public DeviceProfile(String id, String name, int module, String chip, int flashBytes, String firmware,
                         List<String> commands, boolean serialTakenByModule, List<String> calibration) {
        this(id, name, module, chip, flashBytes, firmware, commands, serialTakenByModule, calibration, null);
    }

    /**
     * Fails (bad input, nothing written yet) unless the detected chip and flash size are the ones this
     * profile expects.
     *
     * @param detectedChip as chip-info reports it: "ESP8266EX", "ESP8285", "ESP32" or "ESP32-C3"
     */
    public void check(String mac, String detectedChip, int detectedFlashBytes) {
        String family = ProfileChip.detected(detectedChip).map(ProfileChip::key).orElse(String.valueOf(detectedChip));
        if (!family.equals(chip) || detectedFlashBytes != flashBytes) {
            String expected = ProfileChip.ofKey(chip).map(ProfileChip::displayName).orElse(chip.toUpperCase(Locale.ROOT));
            String hint = family.equals(chip) ? "" : " A profile for " + expected + " devices cannot be used for an "
                    + detectedChip + ": its build and template are for the other chip.";
            throw FlashlineException.badInput("Device " + mac + " is an " + detectedChip + " with " + FlashSizes.format(detectedFlashBytes)
                    + " flash, but profile '" + id + "' (" + name + ") expects an " + expected + " with "
                    + FlashSizes.format(flashBytes) + "; nothing was written",
                    "Check which model this is, then set its profile in the devices.csv row (column profile) or "
                    + "flashline.profile; for a variant add a profile to config/profiles.local.yaml." + hint);
        }
    }
}

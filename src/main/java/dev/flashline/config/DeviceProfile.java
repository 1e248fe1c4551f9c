package dev.flashline.config;

import dev.flashline.errors.FlashlineException;
import java.util.List;
import java.util.Locale;

/**
 * What a device model needs (config/profiles.yaml): its Tasmota module, the chip and flash size it
 * must report, the catalog build to prefer, commands after set-up, whether the module takes the
 * serial port (POW R2: the CSE7766 power meter), and the calibration commands it supports.
 *
 * @param chip       "esp8266" or "esp8285"
 * @param flashBytes the flash size chip-info must report
 */
public record DeviceProfile(String id, String name, int module, String chip, int flashBytes, String firmware,
                            List<String> commands, boolean serialTakenByModule, List<String> calibration) {

    /**
     * Fails (bad input, nothing written yet) unless the detected chip and flash size are the ones this
     * profile expects.
     *
     * @param detectedChip "ESP8266EX" or "ESP8285", as chip-info reports it
     */
    public void check(String mac, String detectedChip, int detectedFlashBytes) {
        String family = detectedChip == null ? "" : detectedChip.toLowerCase(Locale.ROOT).startsWith("esp8285") ? "esp8285"
                : detectedChip.toLowerCase(Locale.ROOT).startsWith("esp8266") ? "esp8266" : detectedChip;
        if (!family.equals(chip) || detectedFlashBytes != flashBytes) {
            throw FlashlineException.badInput("Device " + mac + " is an " + detectedChip + " with " + FlashSizes.format(detectedFlashBytes)
                    + " flash, but profile '" + id + "' (" + name + ") expects an " + chip.toUpperCase(Locale.ROOT) + " with "
                    + FlashSizes.format(flashBytes) + "; nothing was written",
                    "Check which model this is, then set its profile in the devices.csv row (column profile) or "
                    + "flashline.profile; for a variant add a profile to config/profiles.local.yaml.");
        }
    }
}

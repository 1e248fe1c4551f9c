package dev.flashline.chip;

import dev.flashline.units.ByteSize;

/**
 * What identification found. {@code flashJedecId} is the RDID answer as read: manufacturer, memory
 * type and capacity bytes, in that order, as hex (e.g. "c84014").
 */
public record ChipInfo(String chip, String mac, String flashJedecId, int flashSizeBytes, int crystalMhz) {

    public String flashSize() {
        return ByteSize.format(flashSizeBytes);
    }

    public boolean isEsp8285() {
        return chip.startsWith("ESP8285");
    }
}

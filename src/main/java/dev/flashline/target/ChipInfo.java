package dev.flashline.target;

/**
 * What identification found. {@code flashJedecId} is the RDID answer as read: manufacturer, memory
 * type and capacity bytes, in that order, as hex (e.g. "c84014").
 */
public record ChipInfo(String chip, String mac, String flashJedecId, int flashSizeBytes, int crystalMhz) {

    public String flashSize() {
        return FlashSize.label(flashSizeBytes);
    }

    public boolean isEsp8285() {
        return chip.startsWith("ESP8285");
    }
}

package dev.flashline.camel;

import java.util.Locale;

/** The {@code flashMode} option of {@code esp:flash}: keep the image's header byte, or rewrite it to one SPI mode. */
public enum EspFlashMode {
    KEEP, QIO, QOUT, DIO, DOUT;

    /** As the flasher's header patch names it ("keep", "dout"). */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}

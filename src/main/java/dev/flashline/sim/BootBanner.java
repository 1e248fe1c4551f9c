package dev.flashline.sim;

import java.nio.charset.StandardCharsets;

/** The text the chip's ROM prints at reset, and the rate it prints it at. */
final class BootBanner {
    /** Power-on reset. */
    static final int CAUSE_POWER_ON = 1;
    /** Reset through the EN pin. */
    static final int CAUSE_EXTERNAL = 2;

    private BootBanner() {
    }

    /**
     * ESP8266 banner. Boot mode's first number is the strapping value (GPIO15, GPIO0, GPIO2):
     * 1 = UART download, 3 = flash, 4..7 = SDIO (GPIO15 high).
     */
    static byte[] esp8266(int cause, int bootMode, int bootModeDetail) {
        String text = String.format("\r\n ets Jan  8 2013,rst cause:%d, boot mode:(%d,%d)\r\n\r\n",
                cause, bootMode, bootModeDetail);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** ESP32 ROM banner in UART download mode. */
    static byte[] esp32Download() {
        return ("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 "
                + "(DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The ESP8266 ROM runs its UART from the crystal with a divider meant for 115200 at 40 MHz,
     * so with the common 26 MHz crystal it prints at 74880 baud.
     */
    static int esp8266BannerBaud(int crystalMhz) {
        return crystalMhz == 40 ? 115200 : 74880;
    }
}

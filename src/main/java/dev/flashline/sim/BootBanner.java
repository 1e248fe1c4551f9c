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

    /**
     * ESP32-family ROM banner, printed at 115200 baud. The ESP32 (v3 silicon) names its ROM build
     * date and the reset cause in its own words; the ESP32-C3 names its ROM first. EN and power-on
     * both read as a power-on reset on these chips; the RTC watchdog has its own cause.
     */
    static byte[] esp32Family(Chip chip, boolean download, boolean watchdog) {
        String text;
        if (chip == Chip.ESP32) {
            String rst = watchdog ? "rst:0x10 (RTCWDT_RTC_RESET)" : "rst:0x1 (POWERON_RESET)";
            text = "ets Jul 29 2019 12:21:46\r\n\r\n" + rst + (download
                    ? ",boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n"
                    : ",boot:0x13 (SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\n"
                    + "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n"
                    + "mode:DIO, clock div:1\r\n");
        } else {
            String rst = watchdog ? "rst:0x10 (RTCWDT_RTC_RST)" : "rst:0x1 (POWERON)";
            text = "ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n" + rst + (download
                    ? ",boot:0x5 (DOWNLOAD(USB/UART0/1))\r\nwaiting for download\r\n"
                    : ",boot:0xc (SPI_FAST_FLASH_BOOT)\r\nSPIWP:0xee\r\nmode:DIO, clock div:1\r\n");
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The ESP8266 ROM runs its UART from the crystal with a divider meant for 115200 at 40 MHz,
     * so with the common 26 MHz crystal it prints at 74880 baud.
     */
    static int esp8266BannerBaud(int crystalMhz) {
        return crystalMhz == 40 ? 115200 : 74880;
    }
}

package dev.flashline.image;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;
import java.util.Locale;

/** SPI flash access mode, byte 2 of the image header. */
public enum FlashMode {
    QIO(0), QOUT(1), DIO(2), DOUT(3);

    private final int code;

    FlashMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Whether {@code code} is a flash mode byte an image header may hold. */
    public static boolean isCode(int code) {
        for (FlashMode m : values()) {
            if (m.code == code) {
                return true;
            }
        }
        return false;
    }

    public static FlashMode fromCode(int code) {
        for (FlashMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new FlashlineException(ErrorCode.BAD_IMAGE, "Unknown flash mode byte " + code + " in the image header",
                "The file is probably not an ESP8266 firmware image.");
    }

    public static FlashMode parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FlashlineException(ErrorCode.BAD_OPTION, "Unknown flash mode '" + text + "'",
                    Hint.of("Set {} to keep, qio, qout, dio or dout.", Setting.FLASH_MODE), e);
        }
    }
}

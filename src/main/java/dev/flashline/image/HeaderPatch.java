package dev.flashline.image;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import dev.flashline.errors.Setting;

/**
 * What to change in an image header before writing it (`--flash-mode`, `--flash-size`): only
 * bytes 2 (mode) and 3 high nibble (size) change; the frequency nibble and everything else stay.
 * The ESP8285's embedded flash only works in DOUT, so its images are always patched to DOUT.
 */
public record HeaderPatch(FlashMode mode, Integer flashSizeBytes) {

    public static final HeaderPatch KEEP = new HeaderPatch(null, null);

    /** Applies the patch to a copy of {@code data} (which starts with an image). */
    public byte[] apply(byte[] data) {
        byte[] out = data.clone();
        if (mode != null) {
            out[2] = (byte) mode.code();
        }
        if (flashSizeBytes != null) {
            int code = HeaderSizeCode.forSize(flashSizeBytes).orElseThrow(() -> new FlashlineException(ErrorCode.BAD_OPTION,
                    "An ESP8266 image header cannot declare a flash of " + flashSizeBytes + " bytes",
                    Hint.of("Set {} to keep, detect, 256KB, 512KB, 1MB, 2MB, 4MB, 8MB or 16MB.", Setting.FLASH_SIZE)));
            out[3] = (byte) ((code << 4) | (out[3] & 0x0F));
        }
        return out;
    }

    public boolean changesAnything() {
        return mode != null || flashSizeBytes != null;
    }
}

package dev.flashline.image;

import dev.flashline.errors.FlashlineException;

/**
 * Flash mode / size / frequency to set in the second-stage bootloader's header before writing
 * (`--flash-mode`, `--flash-size`, `--flash-freq`): byte 2 (mode) and byte 3 (size in the high
 * nibble, frequency in the low one) of the image at the chip's bootloader offset within the file.
 * When the bootloader carries an appended SHA-256, it is recomputed over the patched image, as
 * esptool does; otherwise the ROM would refuse to boot it. Null fields are kept.
 */
public record Esp32HeaderPatch(FlashMode mode, Integer flashSizeBytes, Esp32FlashFrequency frequency) {

    public static final Esp32HeaderPatch KEEP = new Esp32HeaderPatch(null, null, null);

    public boolean changesAnything() {
        return mode != null || flashSizeBytes != null || frequency != null;
    }

    /**
     * Applies the patch to a copy of {@code file}, whose bootloader image starts at
     * {@code bootloaderAt} (the chip's bootloader offset minus where the file is written).
     * The bootloader is checked first, so a damaged one is reported instead of "repaired".
     */
    public byte[] apply(byte[] file, int bootloaderAt, String name) {
        if (!changesAnything()) {
            return file.clone();
        }
        Esp32Image boot = Esp32Image.parse(file, bootloaderAt, name);
        byte[] out = file.clone();
        if (mode != null) {
            out[bootloaderAt + 2] = (byte) mode.code();
        }
        int sizeFreq = out[bootloaderAt + 3] & 0xFF;
        if (flashSizeBytes != null) {
            sizeFreq = sizeCode(flashSizeBytes) << 4 | (sizeFreq & 0x0F);
        }
        if (frequency != null) {
            sizeFreq = (sizeFreq & 0xF0) | frequency.code();
        }
        out[bootloaderAt + 3] = (byte) sizeFreq;
        if (boot.hashAppended()) {
            int digestAt = bootloaderAt + boot.length() - Esp32Image.DIGEST_SIZE;
            byte[] digest = Esp32Image.sha256(out, bootloaderAt, digestAt - bootloaderAt);
            System.arraycopy(digest, 0, out, digestAt, Esp32Image.DIGEST_SIZE);
        }
        return out;
    }

    /** 1 MB = 0, 2 MB = 1, 4 MB = 2 ... 128 MB = 7. */
    static int sizeCode(int bytes) {
        for (int code = 0; code <= 7; code++) {
            if (bytes == (1 << 20) << code) {
                return code;
            }
        }
        throw FlashlineException.badInput("An ESP32-family image header cannot declare a flash of " + bytes + " bytes",
                "Use 1MB, 2MB, 4MB, 8MB, 16MB, 32MB, 64MB or 128MB.");
    }
}

package dev.flashline.flasher;

/**
 * `write-flash` choices. {@code flashMode}: keep | qio | qout | dio | dout; {@code flashSize}:
 * keep | detect | 1MB ...; both only touch an image header at offset 0.
 */
public record WriteOptions(boolean compress, String flashMode, String flashSize, boolean eraseAll, boolean verify) {
    public static final WriteOptions DEFAULTS = new WriteOptions(true, "keep", "keep", false, true);

    public WriteOptions withFlashParams(String mode, String size) {
        return new WriteOptions(compress, mode, size, eraseAll, verify);
    }

    public WriteOptions withEraseAll(boolean value) {
        return new WriteOptions(compress, flashMode, flashSize, value, verify);
    }
}

package dev.flashline.image;

import java.util.Map;
import java.util.Optional;

/** ESP8266 image header: flash size in the high nibble of byte 3 (the low nibble is the SPI frequency). */
final class HeaderSizeCode {
    private static final Map<Integer, Integer> CODE_BY_SIZE = Map.of(
            256 << 10, 0x1,
            512 << 10, 0x0,
            1 << 20, 0x2,
            2 << 20, 0x3,
            4 << 20, 0x4,
            8 << 20, 0x8,
            16 << 20, 0x9);

    private HeaderSizeCode() {
    }

    static Optional<Integer> forSize(int bytes) {
        return Optional.ofNullable(CODE_BY_SIZE.get(bytes));
    }

    static Optional<Integer> sizeFor(int code) {
        if (code == 0x5) {
            return Optional.of(2 << 20); // 2MB, 1MB+1MB layout
        }
        if (code == 0x6) {
            return Optional.of(4 << 20); // 4MB, 1MB+1MB layout
        }
        return CODE_BY_SIZE.entrySet().stream().filter(e -> e.getValue() == code).map(Map.Entry::getKey).findFirst();
    }
}

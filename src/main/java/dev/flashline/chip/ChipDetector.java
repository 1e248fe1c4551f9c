package dev.flashline.chip;

import dev.flashline.loader.Loader;
import dev.flashline.protocol.Esp32Opcodes;
import dev.flashline.protocol.Response;
import dev.flashline.loader.Timeouts;
import java.util.Optional;

/**
 * Tells which chip answers. ROMs of the ESP32-S2 and later (here: the ESP32-C3) name their chip
 * in GET_SECURITY_INFO (chip id at byte 12); the ESP8266 and ESP32 ROMs do not have that command
 * and are told apart by the word their ROM keeps at 0x40001000, which a stub can read too.
 */
public final class ChipDetector {
    /** GET_SECURITY_INFO chip ids (ESP-IDF's esp_chip_id_t). */
    static final int CHIP_ID_ESP32C3 = 5;
    private static final int CHIP_ID_OFFSET = 12;

    private ChipDetector() {
    }

    /**
     * @throws UnsupportedChipException for any chip flashline does not drive (named when known)
     */
    public static ChipFamily detect(Loader loader) {
        if (loader.statusLength() == 4) { // an ESP32-family ROM: ask it first
            Optional<Integer> id = securityInfoChipId(loader);
            if (id.isPresent()) {
                if (id.get() == CHIP_ID_ESP32C3) {
                    return ChipFamily.ESP32C3;
                }
                throw new UnsupportedChipException(chipIdName(id.get()));
            }
        }
        int magic = loader.readReg(ChipMagic.DETECT_MAGIC_REG);
        if (magic == ChipMagic.ESP8266_MAGIC) {
            return ChipFamily.ESP8266;
        }
        String name = ChipMagic.otherChipName(magic);
        if (name.equals("ESP32")) {
            return ChipFamily.ESP32;
        }
        if (name.equals("ESP32-C3")) {
            return ChipFamily.ESP32C3;
        }
        throw new UnsupportedChipException(name);
    }

    /** The chip id, or empty when the ROM does not know the command (it answers with a failure status). */
    static Optional<Integer> securityInfoChipId(Loader loader) {
        Response r = loader.command(Esp32Opcodes.GET_SECURITY_INFO, new byte[0], 0, Timeouts.DEFAULT_MS);
        byte[] p = r.payload();
        if (!r.ok() || p.length < CHIP_ID_OFFSET + 4) {
            return Optional.empty(); // the ESP32 ROM, or an ESP32-S2 ROM whose answer has no chip id yet
        }
        return Optional.of((p[CHIP_ID_OFFSET] & 0xFF) | (p[CHIP_ID_OFFSET + 1] & 0xFF) << 8
                | (p[CHIP_ID_OFFSET + 2] & 0xFF) << 16 | (p[CHIP_ID_OFFSET + 3] & 0xFF) << 24);
    }

    static String chipIdName(int id) {
        return knownChipIdName(id).orElse("a chip with id " + id);
    }

    /** The name of a chip id ESP-IDF assigns (the extended image header, GET_SECURITY_INFO), where known. */
    public static Optional<String> knownChipIdName(int id) {
        switch (id) {
            case 0: return Optional.of("ESP32");
            case 2: return Optional.of("ESP32-S2");
            case 5: return Optional.of("ESP32-C3");
            case 9: return Optional.of("ESP32-S3");
            case 12: return Optional.of("ESP32-C2");
            case 13: return Optional.of("ESP32-C6");
            case 16: return Optional.of("ESP32-H2");
            default: return Optional.empty();
        }
    }
}

package dev.flashline.flasher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flashline.errors.FlashlineException;
import dev.flashline.sim.tasmota.DemoFirmwareImage;
import dev.flashline.chip.ChipInfo;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImagePreparationTest {
    private static final ChipInfo ESP8266 = new ChipInfo("ESP8266EX", "18:fe:34:00:00:01", "c84014", 1 << 20, 26);
    private static final ChipInfo ESP8285 = new ChipInfo("ESP8285", "18:fe:34:00:00:02", "c84014", 1 << 20, 26);

    @Test
    void wholeChipBackupIsRestoredUntouchedEvenWithADamagedBootImage() {
        byte[] dump = new byte[1 << 20];
        Arrays.fill(dump, (byte) 0x5A);
        dump[0] = (byte) 0xE9; // looks like an image, but its segments make no sense
        dump[1] = 3;
        assertArrayEquals(dump, ImagePreparation.prepare(dump, "backup.bin", 0, ESP8266, "keep", "keep"));
    }

    @Test
    void esp8285ImagesAreAlwaysDout() {
        byte[] image = DemoFirmwareImage.build("14.3.0(demo)", 64 * 1024);
        image = image.clone();
        byte[] out = ImagePreparation.prepare(patchMode(image, 0), "fw.bin", 0, ESP8285, "keep", "keep");
        assertEquals(3, out[2]);
        assertEquals(0, ImagePreparation.prepare(patchMode(image, 0), "fw.bin", 0, ESP8266, "keep", "keep")[2]);
    }

    @Test
    void padsToFourBytesWithErasedValue() {
        byte[] raw = {1, 2, 3, 4, 5};
        byte[] out = ImagePreparation.prepare(raw, "raw.bin", 0x1000, ESP8266, "keep", "keep");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, out);
    }

    @Test
    void rawDataAtOffsetZeroThatIsNotAnImageIsRefused() {
        FlashlineException e = assertThrows(FlashlineException.class,
                () -> ImagePreparation.prepare(new byte[4096], "zeros.bin", 0, ESP8266, "keep", "keep"));
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
    }

    private static byte[] patchMode(byte[] image, int mode) {
        byte[] copy = image.clone();
        copy[2] = (byte) mode;
        return copy;
    }
}

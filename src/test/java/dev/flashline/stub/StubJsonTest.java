package dev.flashline.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bundled stub JSONs are on the classpath and fit the RAM each chip's ROM loader leaves free. */
class StubJsonTest {
    private static final long IRAM_START = 0x4010C000L;
    private static final long IRAM_END = 0x4010F100L;
    private static final long DRAM_START = 0x3FFE8100L;
    private static final long DRAM_END = 0x3FFFC000L;

    @Test
    void bundledStubFitsTheLoaderFreeRam() throws Exception {
        try (InputStream in = StubJsonTest.class.getResourceAsStream("/dev/flashline/stub/esp8266-stub.json")) {
            assertTrue(in != null, "esp8266-stub.json is not on the classpath (run src/stub/build.sh)");
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(json, new String(java.nio.file.Files.readAllBytes(QemuStub.JSON), StandardCharsets.UTF_8),
                    "classpath copy differs from the source tree");
        }
        QemuStub.StubImage img = QemuStub.StubImage.load();
        assertEquals(IRAM_START, img.textStart(), "text_start");
        assertTrue(img.textStart() + img.text().length <= IRAM_END,
                "text (" + img.text().length + " bytes) overflows the IRAM window");
        assertTrue(img.entry() >= img.textStart() && img.entry() < img.textStart() + img.text().length,
                "entry outside text");
        assertEquals(DRAM_START, img.dataStart(), "data_start");
        assertTrue(img.dataStart() + img.data().length <= DRAM_END, "data overflows the DRAM window");
        assertEquals(0, img.text().length % 4, "IRAM is loaded in words");
    }

    /** ESP32-C3: code in IRAM 0x40380000..0x40384000, whose DRAM alias (0x3FC80000..0x3FC84000) data
     *  must not overlap; data and .bss below the ROM's own data at 0x3FCCAE00 (checked by the linker). */
    private static final long C3_IRAM_START = 0x40380000L;
    private static final long C3_IRAM_END = 0x40384000L;
    private static final long C3_DRAM_START = 0x3FC84000L;
    private static final long C3_DRAM_END = 0x3FCCAE00L;
    private static final long C3_IRAM_TO_DRAM = 0x700000L;

    @Test
    void bundledEsp32c3StubFitsTheLoaderFreeRam() throws Exception {
        try (InputStream in = StubJsonTest.class.getResourceAsStream("/dev/flashline/stub/esp32c3-stub.json")) {
            assertTrue(in != null, "esp32c3-stub.json is not on the classpath (run src/stub/build.sh esp32c3)");
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(json, java.nio.file.Files.readString(StubTarget.ESP32C3.json()),
                    "classpath copy differs from the source tree");
        }
        QemuStub.StubImage img = QemuStub.StubImage.load(StubTarget.ESP32C3.json());
        assertEquals(C3_IRAM_START, img.textStart(), "text_start");
        long textEnd = img.textStart() + img.text().length;
        assertTrue(textEnd <= C3_IRAM_END, "text (" + img.text().length + " bytes) overflows the IRAM window");
        assertTrue(img.entry() >= img.textStart() && img.entry() < textEnd, "entry outside text");
        assertEquals(C3_DRAM_START, img.dataStart(), "data_start");
        assertTrue(img.dataStart() >= textEnd - C3_IRAM_TO_DRAM, "data overlaps the DRAM view of the code");
        assertTrue(img.dataStart() + img.data().length <= C3_DRAM_END, "data overflows the DRAM window");
        assertEquals(0, img.text().length % 4, "segments are loaded in words");
    }
}

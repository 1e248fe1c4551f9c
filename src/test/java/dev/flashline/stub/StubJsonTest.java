package dev.flashline.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bundled stub JSON is on the classpath and fits the RAM the ESP8266 ROM loader leaves free. */
class StubJsonTest {
    private static final long IRAM_START = 0x4010D000L;
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
}

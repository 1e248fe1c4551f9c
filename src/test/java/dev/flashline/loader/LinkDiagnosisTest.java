package dev.flashline.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinkDiagnosisTest {
    private static Diagnosis explain(String stray, boolean echo, long received) {
        return LinkDiagnosis.explain(new SyncObservation(false, echo, received,
                stray.getBytes(StandardCharsets.ISO_8859_1), 2, false), "socket://x:1");
    }

    @Test
    void namesEachCause() {
        assertEquals(Diagnosis.NO_DATA, explain("", false, 0).cause());
        assertEquals(Diagnosis.ECHO, explain("", true, 92).cause());
        assertEquals(Diagnosis.BOOT_FROM_FLASH, explain("\r\n ets Jan  8 2013,rst cause:2, boot mode:(3,6)\r\n", false, 50).cause());
        assertEquals(Diagnosis.WRONG_BOOT_MODE, explain(" ets Jan  8 2013,rst cause:2, boot mode:(4,6)", false, 50).cause());
        assertEquals(Diagnosis.GARBAGE, explain("\u00f3\u0012\u0088", false, 3).cause());
        Diagnosis esp32 = explain("ESP-ROM:esp32s3-20210327\r\nrst:0x1 (POWERON),boot:0x0", false, 60);
        assertEquals(Diagnosis.ESP32_FAMILY, esp32.cause());
        assertTrue(esp32.detail().contains("ESP32-S3"), esp32.detail());
    }

    @Test
    void everyDiagnosisSaysWhatToTry() {
        assertTrue(explain("", false, 0).hint().contains("TX/RX"));
        assertTrue(explain(" boot mode:(3,6)", false, 20).hint().contains("GPIO0"));
    }
}

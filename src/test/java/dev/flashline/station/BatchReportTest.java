package dev.flashline.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.flashline.audit.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchReportTest {
    @TempDir
    Path tmp;

    static final String SECRET = "Wifi-S3cret-4f9a";

    BatchReport.Batch batch() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("flashline.wifi.ssid", "lab-iot");
        config.put("flashline.wifi.password", SECRET);
        config.put("flashline.mqtt.url", "mqtt://user:" + SECRET + "@10.0.0.2:1883");
        Map<String, String> masked = new LinkedHashMap<>();
        SecretMasker.of(SECRET).maskConfig(config).forEach((k, v) -> masked.put(k, String.valueOf(v)));
        return new BatchReport.Batch("20261129-101500", "bench-1", Instant.parse("2026-11-29T10:15:00Z"),
                Instant.parse("2026-11-29T10:20:00Z"), false,
                List.of(Samples.provisioned("/dev/ttyUSB0", "18:fe:34:00:00:01", "Kitchen, \"left\"", "10.0.0.21"),
                        Samples.failed("/dev/ttyUSB1", "18:fe:34:00:00:02", "flash", "device gone at 0x1000, \"no answer\"\nafter 3 tries",
                                "check <the> cable & supply")),
                masked);
    }

    @Test
    void csvHasOneRowPerDeviceAndParsesBackToTheSameValues() throws Exception {
        BatchReport.Written w = BatchReport.write(tmp.resolve("reports"), batch());
        assertEquals("20261129-101500.csv", w.csv().getFileName().toString());
        CsvMapper csv = new CsvMapper();
        MappingIterator<Map<String, String>> it = csv.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                .readValues(Files.readString(w.csv()));
        List<Map<String, String>> rows = it.readAll();
        assertEquals(2, rows.size());
        Map<String, String> ok = rows.get(0);
        assertEquals("Kitchen, \"left\"", ok.get("name"));
        assertEquals("18:fe:34:00:00:01", ok.get("mac"));
        assertEquals("sonoff-basic", ok.get("profile"));
        assertEquals("14.3.0", ok.get("firmware_version"));
        assertEquals("ab".repeat(32), ok.get("firmware_sha256"));
        assertEquals("10.0.0.21", ok.get("ip"));
        assertEquals("provisioned", ok.get("status"));
        assertEquals("9000", ok.get("ms_backup"));
        assertEquals("backups/18fe34000001.bin", ok.get("backup"));
        Map<String, String> bad = rows.get(1);
        assertEquals("failed", bad.get("status"));
        assertEquals("flash", bad.get("failed_step"));
        assertEquals("device gone at 0x1000, \"no answer\"\nafter 3 tries", bad.get("cause"));
        assertEquals("700", bad.get("ms_flash"));
        assertEquals("", bad.get("ms_backup"), "a step the device never reached is empty, not 0 ms");
    }

    @Test
    void htmlHasTotalsEscapedCausesIpLinksAndMaskedSettings() throws Exception {
        BatchReport.Written w = BatchReport.write(tmp.resolve("reports"), batch());
        String html = Files.readString(w.html());
        assertTrue(html.contains("<b>2</b> device(s): <b>1</b> provisioned, <b>1</b> failed"), html);
        assertTrue(html.contains("<a href=\"http://10.0.0.21/\">10.0.0.21</a>"));
        assertTrue(html.contains("check &lt;the&gt; cable &amp; supply"));
        assertTrue(html.contains("Kitchen, &quot;left&quot;"));
        assertTrue(html.contains("<th>flashline.wifi.password</th><td class=\"mono\">***</td>"));
        assertTrue(html.contains("mqtt://user:***@10.0.0.2:1883"), "masking keeps the rest of the text");
        assertFalse(html.contains(SECRET));
        assertFalse(Files.readString(w.csv()).contains(SECRET));
        try (var files = Files.list(tmp.resolve("reports"))) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }
}

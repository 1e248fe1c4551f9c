package dev.flashline.station;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.flashline.events.DeviceSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch's report, {@code reports/<batch-id>.html} and {@code .csv}: one row per device (name, MAC,
 * profile, firmware and its sha256, IP, status, failed step and cause, time per step, backup), the
 * totals, and the station's settings as given (already masked). Files appear whole or not at all.
 */
public final class BatchReport {
    private static final CsvMapper CSV = new CsvMapper();
    static final List<String> COLUMNS = List.of("name", "mac", "profile", "chip", "firmware", "firmware_version",
            "firmware_sha256", "ip", "status", "failed_step", "cause", "hint", "seconds", "backup", "port", "record_id");

    /** What the report says; {@code settings} must already have its secrets masked. */
    public record Batch(String id, String station, Instant started, Instant finished, boolean interrupted,
                        List<DeviceSummary> devices, Map<String, String> settings) {
    }

    public record Written(Path html, Path csv) {
    }

    private BatchReport() {
    }

    public static Written write(Path reportsDir, Batch batch) throws IOException {
        Files.createDirectories(reportsDir);
        Path html = reportsDir.resolve(batch.id() + ".html");
        Path csv = reportsDir.resolve(batch.id() + ".csv");
        writeWhole(csv, csv(batch));
        writeWhole(html, html(batch));
        return new Written(html, csv);
    }

    /** Step names in the order the devices went through them, for one "ms_<step>" column each. */
    static List<String> stepNames(List<DeviceSummary> devices) {
        Set<String> names = new LinkedHashSet<>();
        devices.forEach(d -> d.steps().forEach(s -> names.add(s.name())));
        return List.copyOf(names);
    }

    public static String csv(Batch batch) {
        List<String> steps = stepNames(batch.devices());
        CsvSchema.Builder schema = CsvSchema.builder();
        COLUMNS.forEach(schema::addColumn);
        steps.forEach(s -> schema.addColumn("ms_" + s));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DeviceSummary d : batch.devices()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", d.name());
            row.put("mac", d.mac());
            row.put("profile", d.profile());
            row.put("chip", d.chip());
            row.put("firmware", d.firmwareName());
            row.put("firmware_version", d.firmwareVersion());
            row.put("firmware_sha256", d.firmwareSha256());
            row.put("ip", d.ip());
            row.put("status", d.status());
            row.put("failed_step", d.failedStep());
            row.put("cause", d.message());
            row.put("hint", d.hint());
            row.put("seconds", String.format(java.util.Locale.ROOT, "%.1f", d.seconds()));
            row.put("backup", d.backupPath());
            row.put("port", d.port());
            row.put("record_id", d.recordId());
            for (String s : steps) {
                boolean reached = d.steps().stream().anyMatch(t -> t.name().equals(s));
                row.put("ms_" + s, reached ? d.steps().stream().filter(t -> t.name().equals(s)).mapToLong(DeviceSummary.StepTime::ms).sum() : null);
            }
            rows.add(row);
        }
        try {
            return CSV.writer(schema.build().withHeader()).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CSV of the batch report", e);
        }
    }

    public static String html(Batch b) {
        long ok = b.devices().stream().filter(DeviceSummary::provisioned).count();
        List<String> steps = stepNames(b.devices());
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>flashline batch ").append(esc(b.id())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1rem;color:#222}table{border-collapse:collapse;font-size:.85rem}")
                .append("th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}")
                .append("th{background:#f0f0f0}.failed{background:#fde8e8}.provisioned{background:#eaf7ea}")
                .append(".mono{font-family:ui-monospace,monospace;word-break:break-all}.wrap{overflow-x:auto}")
                .append("@media print{.wrap{overflow:visible}}</style></head><body>\n");
        h.append("<h1>Batch ").append(esc(b.id())).append("</h1>\n<p>Station <b>").append(esc(b.station())).append("</b> · ")
                .append(esc(String.valueOf(b.started()))).append(" → ").append(esc(String.valueOf(b.finished())))
                .append(b.interrupted() ? " · <b>interrupted</b>" : "").append("</p>\n");
        h.append("<p id=\"totals\"><b>").append(b.devices().size()).append("</b> device(s): <b>").append(ok)
                .append("</b> provisioned, <b>").append(b.devices().size() - ok).append("</b> failed.</p>\n");
        h.append("<div class=\"wrap\"><table id=\"devices\"><thead><tr>");
        for (String c : List.of("Name", "MAC", "Profile", "Firmware", "sha256", "IP", "Status", "Failed step · cause", "Seconds")) {
            h.append("<th>").append(c).append("</th>");
        }
        steps.forEach(s -> h.append("<th>").append(esc(s)).append(" ms</th>"));
        h.append("<th>Backup</th></tr></thead><tbody>\n");
        for (DeviceSummary d : b.devices()) {
            h.append("<tr class=\"").append(d.provisioned() ? "provisioned" : "failed").append("\">");
            cell(h, d.name());
            h.append("<td class=\"mono\">").append(esc(d.mac())).append("</td>");
            cell(h, d.profile());
            cell(h, join(d.firmwareName(), d.firmwareVersion()));
            h.append("<td class=\"mono\">").append(esc(d.firmwareSha256())).append("</td>");
            h.append("<td>");
            if (d.ip() != null) {
                h.append("<a href=\"http://").append(esc(d.ip())).append("/\">").append(esc(d.ip())).append("</a>");
            }
            h.append("</td>");
            cell(h, d.status());
            h.append("<td>");
            if (!d.provisioned()) {
                h.append("<b>").append(esc(d.failedStep())).append("</b>: ").append(esc(d.message()));
                if (d.hint() != null) {
                    h.append("<br><i>").append(esc(d.hint())).append("</i>");
                }
            }
            h.append("</td>");
            cell(h, String.format(java.util.Locale.ROOT, "%.1f", d.seconds()));
            for (String s : steps) {
                long ms = d.steps().stream().filter(t -> t.name().equals(s)).mapToLong(DeviceSummary.StepTime::ms).sum();
                boolean had = d.steps().stream().anyMatch(t -> t.name().equals(s));
                cell(h, had ? Long.toString(ms) : "");
            }
            h.append("<td class=\"mono\">").append(esc(d.backupPath())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n<h2>Station settings</h2>\n<table id=\"settings\"><tbody>\n");
        b.settings().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=\"mono\">").append(esc(e.getValue())).append("</td></tr>\n"));
        h.append("</tbody></table>\n</body></html>\n");
        return h.toString();
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(esc(text)).append("</td>");
    }

    private static String join(String a, String b) {
        return a == null ? (b == null ? null : b) : b == null ? a : a + " " + b;
    }

    /** HTML text escaping (the five characters that matter in text and attribute values). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void writeWhole(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

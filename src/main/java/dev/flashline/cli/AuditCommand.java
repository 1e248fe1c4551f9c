package dev.flashline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditReader;
import dev.flashline.config.MacAddress;
import dev.flashline.errors.FlashlineException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `audit`: which firmware went onto which device, and where its backup is. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "List audit records (a table, or JSON Lines with --json), oldest first.")
final class AuditCommand extends LocalCommand {
    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR", description = "The line's data folder (audit/ inside). Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--mac", paramLabel = "MAC", description = "Only this device (any MAC notation).")
    String mac;

    @Option(names = "--status", paramLabel = "S", description = "Only records with this status: provisioned | failed.")
    String status;

    @Option(names = "--kind", paramLabel = "K", description = "Only records of this kind: provision | restore.")
    String kind;

    @Option(names = "--since", paramLabel = "DATE", description = "Only runs started at or after DATE (2026-11-24, UTC, or an ISO instant).")
    String since;

    @Override
    int execute() {
        String wantMac = mac == null ? null : MacAddress.normalize(mac).orElseThrow(() -> FlashlineException.badInput(
                "--mac '" + mac + "' is not a MAC address", "Write it as aa:bb:cc:dd:ee:ff (or aa-bb-…, aabbcc…)."));
        if (status != null && !List.of("provisioned", "failed").contains(status)) {
            throw FlashlineException.badInput("--status '" + status + "' is unknown", "Use provisioned or failed.");
        }
        if (kind != null && !List.of("provision", "restore").contains(kind)) {
            throw FlashlineException.badInput("--kind '" + kind + "' is unknown", "Use provision or restore.");
        }
        Instant from = since == null ? null : parseSince(since);
        AuditReader.Result result = new AuditReader().read(new AuditLog(dataDir));
        result.skipped().forEach(s -> output.info("warning: " + s));
        List<JsonNode> rows = result.records().stream()
                .filter(r -> wantMac == null || wantMac.equals(MacAddress.normalize(r.path("mac").asText(null)).orElse(null)))
                .filter(r -> status == null || status.equals(r.path("status").asText()))
                .filter(r -> kind == null || kind.equals(r.path("kind").asText("provision")))
                .filter(r -> from == null || startedAt(r) != null && !startedAt(r).isBefore(from))
                .toList();
        if (json()) {
            rows.forEach(r -> FlashlineCli.out().println(r.toString()));
        } else {
            String format = "%-24s %-9s %-11s %-17s %-15s %-28s %s%n";
            FlashlineCli.out().printf(format, "STARTED", "KIND", "STATUS", "MAC", "PROFILE", "FIRMWARE", "BACKUP / FAILED STEP");
            for (JsonNode r : rows) {
                String firmware = r.path("firmware").isObject()
                        ? r.path("firmware").path("name").asText("") + " " + r.path("firmware").path("version").asText("") : "-";
                String last = "failed".equals(r.path("status").asText())
                        ? "failed at " + r.path("failedStep").asText("?") + ": " + r.path("error").path("message").asText("")
                        : r.path("backup").path("path").asText("-");
                FlashlineCli.out().printf(format, r.path("startedAt").asText("-"), r.path("kind").asText("provision"),
                        r.path("status").asText("-"), r.path("mac").asText("-"), r.path("profile").asText("-"), firmware.trim(), last);
            }
            output.info(rows.size() + " record(s) from " + new AuditLog(dataDir).directory());
        }
        FlashlineCli.out().flush();
        return 0;
    }

    private static Instant startedAt(JsonNode r) {
        try {
            return Instant.parse(r.path("startedAt").asText(""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant parseSince(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        try {
            return t.contains("T") ? Instant.parse(t) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw FlashlineException.badInput("--since '" + text + "' is not a date", "Write 2026-11-24 (UTC) or 2026-11-24T10:00:00Z.");
        }
    }
}

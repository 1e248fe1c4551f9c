package dev.flashline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flashline.audit.AuditLog;
import dev.flashline.audit.AuditReader;
import dev.flashline.audit.AuditRecord;
import dev.flashline.audit.BackupRef;
import dev.flashline.config.MacAddress;
import dev.flashline.digest.Digests;
import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.flasher.FlashSession;
import dev.flashline.flasher.Flasher;
import dev.flashline.flasher.WriteOptions;
import dev.flashline.flasher.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `restore`: puts a device's original firmware back from the whole-chip backup the line took before
 * flashing. The backup, its MAC and its size are checked before and against the device; the write is
 * verified by MD5; the run is appended to the audit log as a record of kind "restore".
 */
@Command(name = "restore", mixinStandardHelpOptions = true, description = "Write a device's original whole-chip backup back (verified by MD5) and audit it.")
final class RestoreCommand extends DeviceCommand {
    @Option(names = "--mac", required = true, paramLabel = "MAC", description = "The device to restore (must be the device on --port).")
    String mac;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR", description = "The line's data folder (audit/, backups/). Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--backup", paramLabel = "FILE",
            description = "Backup to write (default: the device's first backup in the audit log, i.e. its original firmware).")
    Path backup;

    private record Chosen(Path file, String mac, String sha256) {
    }

    @Override
    int execute() {
        String wanted = MacAddress.normalize(mac).orElseThrow(() -> FlashlineException.badInput(
                "--mac '" + mac + "' is not a MAC address", "Write it as aa:bb:cc:dd:ee:ff (chip-info prints it)."));
        Chosen chosen = choose(wanted);
        byte[] image = read(chosen.file()); // checked (size, sha256, owner, whole chip) before any device is contacted
        String sha = Digests.sha256Hex(image);
        if (chosen.sha256() != null && !chosen.sha256().equals(sha)) {
            throw FlashlineException.badInput("Backup " + chosen.file() + " has sha256 " + sha + ", the audit log recorded "
                    + chosen.sha256() + ": the file was changed or damaged", "Do not restore it; use another backup of this device (flashline audit --mac " + wanted + ").");
        }
        if (!chosen.mac().equals(wanted)) {
            throw FlashlineException.badInput("Backup " + chosen.file() + " belongs to " + chosen.mac() + ", not " + wanted,
                    "Restore each device from its own backup: flashline audit --mac " + wanted + " lists them.");
        }
        if (Integer.bitCount(image.length) != 1 || image.length < 256 * 1024) {
            throw FlashlineException.badInput("Backup " + chosen.file() + " is " + image.length + " bytes, not a whole-chip dump",
                    "restore writes whole-chip backups (512KB, 1MB, 2MB, 4MB…), as the line takes them.");
        }
        Instant started = Instant.now();
        AuditRecord.Builder audit = AuditRecord.builder().id(UUID.randomUUID().toString()).startedAt(started)
                .station(station()).port(connection.port).kind(AuditRecord.KIND_RESTORE).mac(wanted)
                .backup(new BackupRef(relative(chosen.file()), sha, image.length));
        try (FlashSession session = open(connectOptions())) {
            var chip = session.chip();
            audit.chip(chip.chip()).flashJedecId(chip.flashJedecId()).flashSize(chip.flashSize());
            if (!wanted.equals(MacAddress.normalize(chip.mac()).orElse(""))) {
                throw FlashlineException.badInput("The device on " + connection.port + " is " + chip.mac() + ", not " + wanted
                        + "; nothing was written", "Connect the device whose backup this is, or give its own --mac.");
            }
            if (chip.flashSizeBytes() != image.length) {
                throw FlashlineException.badInput("The backup is " + image.length + " bytes but this device has "
                        + chip.flashSize() + " of flash; nothing was written", "Use a backup taken from this device.");
            }
            long t0 = System.nanoTime();
            WriteResult result;
            try {
                result = new Flasher(session, new ProgressLine(output.err())).write(image, 0, WriteOptions.DEFAULTS);
            } catch (FlashlineException e) {
                audit.step("restore", false, (System.nanoTime() - t0) / 1_000_000).verify("md5", false)
                        .failed("restore", e.code().code(), e.getMessage(), e.hint(CliSettings.FLAGS));
                appendAudit(audit);
                throw e;
            }
            audit.step("restore", true, (System.nanoTime() - t0) / 1_000_000);
            if (!result.verified()) {
                audit.verify("md5", false).failed("verify", ErrorCode.NEEDS_STUB.code(), "Not verified: " + result.verifySkippedBecause(), "Run restore with the flasher stub.");
                appendAudit(audit);
                throw FlashlineException.deviceFailed("The backup was written but not verified: " + result.verifySkippedBecause(),
                        "Run restore again without --no-stub; only a verified restore counts.");
            }
            audit.verify("md5", true).provisioned();
            appendAudit(audit);
            output.info("Restored " + chosen.file() + " onto " + wanted + "; flash MD5 matches (" + result.md5() + ").");
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mac", wanted);
            json.put("backup", chosen.file().toString());
            json.put("sha256", sha);
            json.put("verified", true);
            output.result(json);
            return 0;
        }
    }

    private void appendAudit(AuditRecord.Builder audit) {
        new AuditLog(dataDir).append(audit.finishedAt(Instant.now()).build());
    }

    /** The --backup file, or the device's oldest backup named in the audit log. */
    private Chosen choose(String wanted) {
        AuditReader.Result audit = new AuditReader().read(new AuditLog(dataDir));
        if (backup != null) {
            if (!Files.isRegularFile(backup)) {
                throw FlashlineException.badInput("Backup " + backup + " does not exist", "Give a file from " + dataDir.resolve("backups") + ".");
            }
            String sha = hash(backup);
            Optional<JsonNode> known = audit.records().stream()
                    .filter(r -> sha.equals(r.path("backup").path("sha256").asText(null))).findFirst();
            String owner = known.map(r -> MacAddress.normalize(r.path("mac").asText(null)).orElse(null))
                    .or(() -> macFromName(backup)).orElseThrow(() -> FlashlineException.badInput(
                            "Cannot tell which device backup " + backup + " belongs to (not in the audit log, name not <mac>-….bin)",
                            "Use a backup the line took (data/backups/<mac>-….bin)."));
            return new Chosen(backup, owner, null);
        }
        JsonNode first = audit.records().stream()
                .filter(r -> wanted.equals(MacAddress.normalize(r.path("mac").asText(null)).orElse(null)))
                .filter(r -> !"restore".equals(r.path("kind").asText()))
                .filter(r -> r.path("backup").path("path").isTextual())
                .min(Comparator.comparing(r -> r.path("startedAt").asText("")))
                .orElseThrow(() -> FlashlineException.badInput("The audit log in " + dataDir + " has no backup of " + wanted,
                        "Check --data-dir and --mac (flashline audit --mac " + wanted + "), or give --backup FILE."));
        Path file = dataDir.resolve(first.path("backup").path("path").asText());
        if (!Files.isRegularFile(file)) {
            throw FlashlineException.badInput("Backup " + file + " named in the audit log is missing", "Restore it from your copies, or give --backup FILE.");
        }
        return new Chosen(file, wanted, first.path("backup").path("sha256").asText(null));
    }

    private static Optional<String> macFromName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.length() >= 12 ? MacAddress.normalize(name.substring(0, 12)).filter(m -> name.length() == 12 || name.charAt(12) == '-' || name.charAt(12) == '.')
                : Optional.empty();
    }

    private String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path root = dataDir.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }

    private static String station() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "flashline" : host;
    }

    private static byte[] read(Path file) {
        return dev.flashline.input.TextFile.readCapped(file, FirmwareFile.MAX_BYTES, "a whole-chip backup the line took (data/backups/…)");
    }

    private static String hash(Path file) {
        try {
            if (Files.size(file) > FirmwareFile.MAX_BYTES) {
                throw dev.flashline.input.TextFile.tooLarge(file, Files.size(file), FirmwareFile.MAX_BYTES,
                        "a whole-chip backup the line took (data/backups/…)");
            }
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            throw FlashlineException.badInput("Backup " + file + " cannot be read", "Check that it is readable.");
        }
    }
}

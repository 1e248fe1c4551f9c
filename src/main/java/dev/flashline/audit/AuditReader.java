package dev.flashline.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flashline.errors.FlashlineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail for queries, tolerating what a power loss leaves: a line cut mid-write (the
 * last line of a file, or a cut line that a later append started after) is skipped and reported,
 * never fatal, so one torn record never hides the others.
 */
public final class AuditReader {
    private final ObjectMapper json = new ObjectMapper();

    /** The records (oldest file first, in file order) and one notice per skipped line. */
    public record Result(List<JsonNode> records, List<String> skipped) {
    }

    public Result read(AuditLog log) {
        List<JsonNode> records = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : log.files()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw FlashlineException.badInput("Cannot read audit file " + file + ": " + e.getMessage(), "Check permissions.");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = json.readTree(line);
                    if (node != null && node.isObject()) {
                        records.add(node);
                        continue;
                    }
                } catch (JsonProcessingException e) {
                    // reported below
                }
                boolean last = lines.subList(i + 1, lines.size()).stream().allMatch(String::isBlank);
                skipped.add(file.getFileName() + " line " + (i + 1) + (last
                        ? ": the last line is cut off (a write interrupted by power loss or a crash); skipped"
                        : ": not a complete JSON record (cut off by an interrupted write, or edited); skipped"));
            }
        }
        return new Result(records, skipped);
    }
}

package dev.flashline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line: comma-separated fields, double-quoted fields may hold commas, and a doubled
 * quote inside quotes stands for one quote (so a JSON template fits in a field).
 */
final class CsvLine {
    private CsvLine() {
    }

    /** The fields, or null when a quoted field is not closed on this line. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                field.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted) {
                if (!Character.isWhitespace(c)) {
                    return null;
                }
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(wasQuoted ? field.toString() : field.toString().trim());
        return fields;
    }
}

package dev.flashline.input;

import dev.flashline.errors.ErrorCode;
import dev.flashline.errors.FlashlineException;
import dev.flashline.errors.Hint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A text file a person edits (settings, devices.csv, catalog, profiles, routes), read whole and
 * checked before anything parses it: at most {@link #MAX_BYTES}, UTF-8 (a UTF-8 byte order mark, as
 * Windows editors write it, is dropped), no binary bytes, no line longer than {@link #MAX_LINE}.
 * Every refusal names the file and, where it can, the line, in the form {@code FILE:LINE: what}.
 */
public final class TextFile {
    /** Larger than any settings file, catalog or manifest of a station; stops a wrong file from being read whole. */
    public static final int MAX_BYTES = 4 << 20;
    /** Longer than any line a person writes (a Tasmota template is about 200 characters). */
    public static final int MAX_LINE = 64 << 10;

    private final Path path;
    private final String text;
    private final List<String> lines;

    private TextFile(Path path, String text) {
        this.path = path;
        this.text = text;
        this.lines = text.lines().toList();
    }

    /**
     * Reads {@code file}, which should hold {@code holds} (e.g. "the station's settings as key = value
     * lines"; the hints name it so the reader can tell whether it is the right file).
     */
    public static TextFile read(Path file, String holds) {
        byte[] bytes = readCapped(file, MAX_BYTES, holds);
        return new TextFile(file, decode(file, bytes, holds));
    }

    /** Checks and decodes bytes that came from {@code file} (e.g. a resource inside the jar). */
    public static TextFile of(Path file, byte[] bytes, String holds) {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file, bytes.length, MAX_BYTES, holds);
        }
        return new TextFile(file, decode(file, bytes, holds));
    }

    public Path path() {
        return path;
    }

    /** The whole text, without a byte order mark. */
    public String text() {
        return text;
    }

    /** The lines, without their line ends. */
    public List<String> lines() {
        return lines;
    }

    public boolean isBlank() {
        return text.isBlank();
    }

    /** "FILE:LINE" (or "FILE" for line 0 or less), as messages start. */
    public String at(int line) {
        return where(path, line);
    }

    public static String where(Path file, int line) {
        return line > 0 ? file + ":" + line : file.toString();
    }

    /** A refusal of this file's content: "FILE:LINE: what", with what to do. */
    public FlashlineException fail(int line, String what, String hint) {
        return new FlashlineException(ErrorCode.BAD_FILE, at(line) + ": " + what, Hint.text(hint));
    }

    /**
     * The file's bytes, refused with a clear error when it is missing, unreadable or larger than
     * {@code max} (checked before reading, so a wrong multi-gigabyte file costs nothing).
     */
    public static byte[] readCapped(Path file, long max, String holds) {
        try {
            long size = Files.size(file);
            if (size > max) {
                throw tooLarge(file, size, max, holds);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) max + 1);
                if (bytes.length > max) { // grew while we looked
                    throw tooLarge(file, bytes.length, max, holds);
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": does not exist",
                    Hint.text("Check the path; the file should hold " + holds + "."));
        } catch (AccessDeniedException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": cannot be read (permission denied)",
                    Hint.text("Let the user running flashline read it (chmod / chown)."));
        } catch (IOException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": cannot be read" + (Files.isDirectory(file) ? " (it is a folder)" : ""),
                    Hint.text("Check the path and its permissions; the file should hold " + holds + "."));
        }
    }

    public static FlashlineException tooLarge(Path file, long size, long max, String holds) {
        return new FlashlineException(ErrorCode.BAD_FILE, file + ": file is larger than " + human(max) + " (" + size
                + " bytes); is this the right file?", Hint.text("Check the path: the file should hold " + holds + "."));
    }

    static String human(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + " KB" : bytes + " bytes";
    }

    private static String decode(Path file, byte[] bytes, String holds) {
        String saveAsUtf8 = "Save it as UTF-8 (in most editors: Save as, Encoding: UTF-8); it should hold " + holds + ".";
        if (bytes.length >= 2 && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": is UTF-16 text (it starts with a UTF-16 byte order mark),"
                    + " flashline reads UTF-8", Hint.text(saveAsUtf8));
        }
        int from = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        int line = 1;
        int lineStart = from;
        for (int i = from; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\n') {
                line++;
                lineStart = i + 1;
            } else if (b == 0 && looksLikeUtf16(bytes, from)) {
                throw new FlashlineException(ErrorCode.BAD_FILE, file + ": is UTF-16 text (every other byte is 0),"
                        + " flashline reads UTF-8", Hint.text(saveAsUtf8));
            } else if (b < 0x20 && b != '\t' && b != '\r' && b != '\f' || b == 0x7F) {
                throw new FlashlineException(ErrorCode.BAD_FILE, String.format("%s:%d: holds binary data (byte 0x%02X at column %d),"
                        + " not text; is this the right file?", file, line, b, i - lineStart + 1),
                        Hint.text("Check the path: the file should hold " + holds + ", as plain UTF-8 text."));
            }
            if (i - lineStart + 1 > MAX_LINE) {
                throw new FlashlineException(ErrorCode.BAD_FILE, file + ":" + line + ": line is longer than " + human(MAX_LINE)
                        + "; is this the right file?", Hint.text("Check the path: the file should hold " + holds
                        + ", one short entry per line."));
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = utf8.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int badLine = 1;
            int badStart = from;
            for (int i = from; i < bad; i++) {
                if (bytes[i] == '\n') {
                    badLine++;
                    badStart = i + 1;
                }
            }
            throw new FlashlineException(ErrorCode.BAD_FILE, String.format("%s:%d: is not UTF-8 text (byte 0x%02X at column %d;"
                    + " Latin-1 or Windows-1252, perhaps)", file, badLine, bytes[bad] & 0xFF, bad - badStart + 1), Hint.text(saveAsUtf8));
        }
        try {
            result = utf8.flush(out);
            if (result.isError()) {
                result.throwException();
            }
        } catch (CharacterCodingException e) {
            throw new FlashlineException(ErrorCode.BAD_FILE, file + ": is not UTF-8 text (it ends inside a character)",
                    Hint.text(saveAsUtf8));
        }
        out.flip();
        return out.toString();
    }

    /** Zero bytes at every even or every odd position of the first line's worth of text: UTF-16 without a mark. */
    private static boolean looksLikeUtf16(byte[] bytes, int from) {
        int n = Math.min(bytes.length - from, 256) & ~1;
        if (n < 4) {
            return false;
        }
        int evenZero = 0;
        int oddZero = 0;
        for (int i = 0; i < n; i += 2) {
            evenZero += bytes[from + i] == 0 ? 1 : 0;
            oddZero += bytes[from + i + 1] == 0 ? 1 : 0;
        }
        int pairs = n / 2;
        return (evenZero == pairs && oddZero == 0) || (oddZero == pairs && evenZero == 0);
    }
}

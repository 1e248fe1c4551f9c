package dev.flashline.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flashline.errors.FlashlineException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFileTest {
    @TempDir
    Path dir;

    @Test
    void aUtf8ByteOrderMarkAsWindowsEditorsWriteItIsDropped() throws Exception {
        Path file = write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a = 1\r\nb = 2\nc\u00e9 = 3");
        TextFile text = TextFile.read(file, "settings");
        assertEquals(List.of("a = 1", "b = 2", "c\u00e9 = 3"), text.lines());
        assertFalse(text.text().contains("\uFEFF"));
    }

    @Test
    void latin1NamesTheLineAndColumnOfTheFirstByteThatIsNotUtf8() throws Exception {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, "ok\nsta\u00e7\u00e3o = 1\n".getBytes(StandardCharsets.ISO_8859_1));
        FlashlineException e = assertThrows(FlashlineException.class, () -> TextFile.read(file, "settings"));
        assertEquals(file + ":2: is not UTF-8 text (byte 0xE7 at column 4; Latin-1 or Windows-1252, perhaps)", e.getMessage());
        assertTrue(e.hint().contains("UTF-8") && e.hint().contains("settings"), e.hint());
        assertEquals(FlashlineException.Kind.BAD_INPUT, e.kind());
    }

    @Test
    void utf16IsRecognisedWithEitherByteOrderMarkAndWithout() throws Exception {
        for (byte[] bytes : List.of(
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "a = 1\n".getBytes(StandardCharsets.UTF_16LE)),
                "a = 1\n".getBytes(StandardCharsets.UTF_16), // big-endian with its mark
                "a = 1\n".getBytes(StandardCharsets.UTF_16LE))) {
            Path file = write(bytes, "");
            FlashlineException e = assertThrows(FlashlineException.class, () -> TextFile.read(file, "settings"));
            assertTrue(e.getMessage().startsWith(file + ": is UTF-16 text"), e.getMessage());
        }
    }

    @Test
    void binaryBytesAreRefusedAtTheirLine() throws Exception {
        Path file = write(new byte[0], "one\ntwo\u0000three\n");
        FlashlineException e = assertThrows(FlashlineException.class, () -> TextFile.read(file, "settings"));
        assertTrue(e.getMessage().startsWith(file + ":2: holds binary data (byte 0x00 at column 4)"), e.getMessage());
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsReadAndSoIsAHugeLine() throws Exception {
        Path huge = dir.resolve("huge.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 32); // 4 GB, sparse: reading it would fail the test by time or memory
        }
        FlashlineException e = assertThrows(FlashlineException.class, () -> TextFile.read(huge, "settings"));
        assertTrue(e.getMessage().contains("file is larger than 4 MB") && e.getMessage().contains("is this the right file?"),
                e.getMessage());

        Path longLine = write(new byte[0], "# fine\n" + "x".repeat(TextFile.MAX_LINE + 1));
        e = assertThrows(FlashlineException.class, () -> TextFile.read(longLine, "settings"));
        assertTrue(e.getMessage().startsWith(longLine + ":2: line is longer than 64 KB"), e.getMessage());
    }

    @Test
    void aMissingFileOrAFolderIsNamed() {
        FlashlineException missing = assertThrows(FlashlineException.class, () -> TextFile.read(dir.resolve("none.csv"), "rows"));
        assertEquals(dir.resolve("none.csv") + ": does not exist", missing.getMessage());
        FlashlineException folder = assertThrows(FlashlineException.class, () -> TextFile.read(dir, "rows"));
        assertTrue(folder.getMessage().startsWith(dir + ": cannot be read"), folder.getMessage());
    }

    private Path write(byte[] prefix, String text) throws Exception {
        Path file = Files.createTempFile(dir, "t", ".txt");
        Files.write(file, concat(prefix, text.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

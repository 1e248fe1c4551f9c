package dev.flashline.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The image as one DEFLATE stream cut at flash blocks: each piece yields exactly its block's bytes. */
class ImageSegmentsTest {
    private static final int BLOCK = 0x10000;

    private static byte[] image(int size) {
        byte[] image = new byte[size];
        Random random = new Random(7);
        for (int i = 0; i < size; i++) {
            image[i] = (byte) (i % 3 == 0 ? random.nextInt(256) : i / 97); // compressible, not trivially
        }
        return image;
    }

    @Test
    void eachPieceInflatesToItsOwnBlockAndTheWholeIsTheImage() throws Exception {
        byte[] image = image(300_000);
        ImageSegments.Segment[] segments = ImageSegments.of(image, 0, BLOCK);
        assertEquals(5, segments.length);
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[BLOCK];
        for (ImageSegments.Segment s : segments) {
            inflater.setInput(s.compressed());
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
            assertEquals(s.end(), out.size(), "all of the block's bytes come out of its own piece");
        }
        assertTrue(inflater.finished(), "the last piece ends the stream");
        assertArrayEquals(image, out.toByteArray());
        inflater.end();
    }

    @Test
    void anImageAtAnOffsetIsCutAtTheFlashsBlocksAndErasedByWholeSectors() {
        byte[] image = image(BLOCK + 5000);
        ImageSegments.Segment[] segments = ImageSegments.of(image, 0x1000, BLOCK);
        assertEquals(2, segments.length);
        assertEquals(0x1000, segments[0].start());
        assertEquals(BLOCK, segments[0].end());
        assertEquals(0x1000, segments[0].eraseStart());
        assertEquals(BLOCK, segments[1].start());
        assertEquals(0x1000 + image.length, segments[1].end());
        assertEquals(0x1000 + BLOCK + 8192, segments[1].eraseEnd(), "the last sector is erased whole");
        assertTrue(Arrays.stream(segments).allMatch(s -> s.compressed().length > 0));
    }
}

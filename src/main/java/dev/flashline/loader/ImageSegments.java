package dev.flashline.loader;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * An image as one raw DEFLATE stream cut at the flash's 64 KB block boundaries: a sync flush ends
 * each piece, so the stub has written every byte of a block once it has that block's piece, and the
 * host knows which block each compressed byte lands in (it erases a block only once it may).
 */
final class ImageSegments {
    private static final int SECTOR = 0x1000;

    /** The compressed piece of the image for flash [start, end), and the sectors to erase for it. */
    record Segment(int start, int end, byte[] compressed) {
        int eraseStart() {
            return start / SECTOR * SECTOR;
        }

        int eraseEnd() {
            return (int) (((long) end + SECTOR - 1) / SECTOR * SECTOR);
        }
    }

    private ImageSegments() {
    }

    static Segment[] of(byte[] image, int offset, int block) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        List<Segment> segments = new ArrayList<>();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int from = 0; from < image.length; ) {
                int to = Math.min(image.length, (offset + from) / block * block + block - offset);
                deflater.setInput(image, from, to - from);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                if (to == image.length) {
                    deflater.finish();
                    while (!deflater.finished()) {
                        out.write(buf, 0, deflater.deflate(buf));
                    }
                } else {
                    int n;
                    do { // a full buffer means more output is waiting
                        n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                        out.write(buf, 0, n);
                    } while (n == buf.length);
                }
                segments.add(new Segment(offset + from, offset + to, out.toByteArray()));
                from = to;
            }
        } finally {
            deflater.end();
        }
        return segments.toArray(Segment[]::new);
    }
}

package dev.flashline.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Reading helpers for tests: links deliver bytes in pieces of any size. */
final class TransportAssertions {
    private TransportAssertions() {
    }

    /** Reads until {@code n} bytes arrived or {@code timeoutMillis} passed; returns what came. */
    static byte[] readExactly(Transport t, int n, long timeoutMillis) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (got.size() < n && System.currentTimeMillis() < deadline) {
            int r = t.read(buf, 0, Math.min(buf.length, n - got.size()), 200);
            got.write(buf, 0, r);
        }
        return got.toByteArray();
    }

    static byte[] allByteValues() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    /** True when {@code needle} occurs in {@code hay}. */
    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}

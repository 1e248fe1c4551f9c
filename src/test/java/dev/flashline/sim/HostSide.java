package dev.flashline.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.flashline.protocol.Slip;
import dev.flashline.protocol.SlipDecoder;
import dev.flashline.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;

/** A hand-rolled host for tests: builds request frames byte by byte and collects answers. */
final class HostSide {
    final Transport transport;
    private final Deque<byte[]> frames = new ArrayDeque<>();
    final ByteArrayOutputStream stray = new ByteArrayOutputStream();
    private final SlipDecoder decoder = new SlipDecoder(frames::add, stray::write);

    HostSide(Transport transport) {
        this.transport = transport;
    }

    static byte[] words(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    static byte[] request(int op, byte[] data, long checksum) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) op).putShort((short) data.length).putInt((int) checksum).put(data);
        return b.array();
    }

    static byte[] syncPayload() {
        byte[] d = new byte[36];
        d[0] = 0x07;
        d[1] = 0x07;
        d[2] = 0x12;
        d[3] = 0x20;
        for (int i = 4; i < 36; i++) {
            d[i] = 0x55;
        }
        return d;
    }

    static int checksum(byte[] data) {
        int c = 0xEF;
        for (byte b : data) {
            c ^= b & 0xFF;
        }
        return c;
    }

    /** Payload of a *_DATA command: size, seq, 0, 0, data. */
    static byte[] dataPayload(byte[] data, int seq) {
        ByteBuffer b = ByteBuffer.allocate(16 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(data.length).putInt(seq).putInt(0).putInt(0).put(data);
        return b.array();
    }

    void sendRaw(byte[] bytes) throws IOException {
        transport.write(bytes);
    }

    void send(int op, byte[] data, long checksum) throws IOException {
        transport.write(Slip.encode(request(op, data, checksum)));
    }

    void send(int op, byte[] data) throws IOException {
        send(op, data, 0);
    }

    void sendFrame(byte[] payload) throws IOException {
        transport.write(Slip.encode(payload));
    }

    /** Next frame, or null if none arrives in time. */
    byte[] frame(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[4096];
        while (frames.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            int n = transport.read(buf, 0, buf.length, left);
            decoder.feed(buf, 0, n);
        }
        return frames.poll();
    }

    /** Reads raw bytes for the given time. */
    byte[] drainRaw(long millis) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.currentTimeMillis() + millis;
        byte[] buf = new byte[4096];
        long left;
        while ((left = deadline - System.currentTimeMillis()) > 0) {
            int n = transport.read(buf, 0, buf.length, left);
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Sends a command and returns the first answer with the same op. */
    Response command(int op, byte[] data, long checksum) throws IOException {
        send(op, data, checksum);
        return response(op, 3000);
    }

    Response command(int op, byte[] data) throws IOException {
        return command(op, data, 0);
    }

    Response response(int op, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            byte[] f = frame(Math.max(1, deadline - System.currentTimeMillis()));
            if (f == null) {
                return null;
            }
            if (f.length >= 8 && f[0] == 1 && (f[1] & 0xFF) == op) {
                return new Response(f);
            }
        }
    }

    /** SYNC as esptool does it: one request, eight answers expected. */
    void sync() throws IOException {
        Response first = null;
        for (int attempt = 0; attempt < 5 && first == null; attempt++) {
            transport.flushInput();
            send(0x08, syncPayload());
            first = response(0x08, 300);
        }
        assertNotNull(first, "no SYNC answer");
        for (int i = 0; i < 7; i++) {
            assertNotNull(response(0x08, 1000), "SYNC answer " + (i + 2) + " missing");
        }
    }

    Response readReg(long address) throws IOException {
        return command(0x0A, words(address));
    }

    void writeReg(long address, long value) throws IOException {
        Response r = command(0x09, words(address, value, 0xFFFFFFFFL, 0));
        assertNotNull(r);
        assertEquals(0, r.body()[r.body().length - 2], "WRITE_REG failed");
    }

    record Response(byte[] raw) {
        int op() {
            return raw[1] & 0xFF;
        }

        int size() {
            return (raw[2] & 0xFF) | (raw[3] & 0xFF) << 8;
        }

        long value() {
            return ByteBuffer.wrap(raw, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        }

        byte[] body() {
            return java.util.Arrays.copyOfRange(raw, 8, raw.length);
        }

        /** First status byte of a two-byte status (ROM: status; stub: error code). */
        int status0() {
            byte[] b = body();
            return b[b.length - 2] & 0xFF;
        }

        int status1() {
            byte[] b = body();
            return b[b.length - 1] & 0xFF;
        }

        /** Status flag of an ESP32-family ROM answer (four status bytes: status, error, 0, 0). */
        int romStatus() {
            byte[] b = body();
            return b[b.length - 4] & 0xFF;
        }

        int romError() {
            byte[] b = body();
            return b[b.length - 3] & 0xFF;
        }
    }
}

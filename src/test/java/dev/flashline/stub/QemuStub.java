package dev.flashline.stub;

import dev.flashline.protocol.Slip;
import dev.flashline.protocol.SlipDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a committed stub JSON, unchanged, under QEMU next to the chip's test ROM from
 * src/stub/CHIP/qemu (ROM routines at the chip's ROM addresses, the UART on QEMU's stdio, the
 * flash in RAM; see {@link StubTarget}). Speaks SLIP to it over the process's stdin/stdout.
 * Test code only.
 */
final class QemuStub implements AutoCloseable {
    static final Path REPO = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    static final Path JSON = REPO.resolve("src/main/resources/dev/flashline/stub/esp8266-stub.json");
    static final Path STUB_SRC = REPO.resolve("src/stub");
    /** The ESP8266 test ROM's flash size (StubTarget holds each chip's). */
    static final int FLASH_SIZE = StubTarget.ESP8266.flashSize;

    /** A response frame: 0x01, op, size, value, data, then the two status bytes; the stub sends
     *  [0, 0] on success and [error code, 0] on failure (esptool's stub order). */
    record Response(int op, long value, byte[] data, int status, int detail) {
        boolean ok() {
            return status == 0 && detail == 0;
        }

        int error() {
            return status;
        }
    }

    private final Process process;
    private final OutputStream toStub;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stray = new ByteArrayOutputStream();
    private final Path errLog;
    private final Thread reader;
    private final QemuTransport transport;

    /**
     * A missing tool skips the test on a developer's machine and fails it under CI=true, where
     * every tool must be installed.
     */
    static void skipOrFail(String what, String missing) {
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail(what + " cannot run under CI: " + missing);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, what + " skipped: " + missing);
    }

    /** Null when everything needed is present, else what is missing (for skip / fail messages). */
    static String missingPrerequisite() {
        return missingPrerequisite(StubTarget.ESP8266);
    }

    static String missingPrerequisite(StubTarget target) {
        if (!Files.isRegularFile(target.json())) {
            return "stub JSON missing: " + target.json() + " (run src/stub/build.sh " + target.chip + ")";
        }
        for (String tool : List.of(target.qemu, target.crossGcc, "make")) {
            if (!onPath(tool)) {
                return tool + " not found on PATH (apt-get install " + target.packages + ")";
            }
        }
        return null;
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static Path buildTestRom() throws IOException, InterruptedException {
        return buildTestRom(StubTarget.ESP8266);
    }

    /** Builds the chip's test ROM into target/ (never into the source tree) and returns the ELF. */
    static Path buildTestRom(StubTarget target) throws IOException, InterruptedException {
        Path out = REPO.resolve("target/stub-qemu");
        Files.createDirectories(out);
        Process make = new ProcessBuilder("make", "-s", "-C", STUB_SRC.toString(), "BUILD=" + out,
                "CHIP=" + target.chip, "testrom").redirectErrorStream(true).start();
        byte[] log = make.getInputStream().readAllBytes();
        if (!make.waitFor(60, TimeUnit.SECONDS) || make.exitValue() != 0) {
            throw new IOException("building the QEMU test ROM for " + target.chip + " failed:\n" + new String(log));
        }
        return out.resolve(target.chip).resolve("testrom.elf");
    }

    /** The stub JSON's flat fields (numbers and base64 strings); no JSON library so the
     *  benchmark runs on the plain test classpath. */
    record StubImage(long entry, byte[] text, long textStart, byte[] data, long dataStart) {
        static StubImage load() throws IOException {
            return load(JSON);
        }

        static StubImage load(Path file) throws IOException {
            String json = Files.readString(file);
            return new StubImage(number(json, "entry"), base64(json, "text"), number(json, "text_start"),
                    base64(json, "data"), number(json, "data_start"));
        }

        private static String field(String json, String name, String valuePattern) throws IOException {
            Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*" + valuePattern).matcher(json);
            if (!m.find()) {
                throw new IOException("stub JSON has no \"" + name + "\" field");
            }
            return m.group(1);
        }

        private static long number(String json, String name) throws IOException {
            return Long.parseLong(field(json, name, "(\\d+)"));
        }

        private static byte[] base64(String json, String name) throws IOException {
            return Base64.getDecoder().decode(field(json, name, "\"([A-Za-z0-9+/=]*)\""));
        }
    }

    /** Starts QEMU; flash content is {@code flashImage} (padded with 0xFF) or all 0xFF. */
    static QemuStub start(Path workDir, Path testRom, byte[] flashImage) throws IOException {
        return start(StubTarget.ESP8266, workDir, testRom, flashImage, Map.of(), false);
    }

    static QemuStub start(Path workDir, Path testRom, byte[] flashImage, Map<Long, Integer> preloads, boolean raw)
            throws IOException {
        return start(StubTarget.ESP8266, workDir, testRom, flashImage, preloads, raw);
    }

    /**
     * Starts QEMU for {@code target} with extra 32-bit words written into memory (chip addresses)
     * before the CPU runs (e.g. the registers a host reads to identify the chip). With {@code raw},
     * nothing is decoded: the stub's bytes go to {@link #transport()} (a
     * {@link dev.flashline.transport.Transport} for the engine) instead of {@link #frame}.
     */
    static QemuStub start(StubTarget target, Path workDir, Path testRom, byte[] flashImage,
            Map<Long, Integer> preloads, boolean raw) throws IOException {
        StubImage json = StubImage.load(target.json());
        Path text = workDir.resolve("stub-text.bin");
        Path data = workDir.resolve("stub-data.bin");
        Files.write(text, json.text());
        Files.write(data, json.data());
        byte[] flash = new byte[target.flashSize];
        java.util.Arrays.fill(flash, (byte) 0xFF);
        if (flashImage != null) {
            System.arraycopy(flashImage, 0, flash, 0, flashImage.length);
        }
        Path flashFile = workDir.resolve("flash.bin");
        Files.write(flashFile, flash);
        List<String> cmd = target.machine(testRom);
        cmd.addAll(loader("file=" + text + ",addr=" + target.physical(json.textStart()) + ",force-raw=on"));
        cmd.addAll(loader("file=" + data + ",addr=" + target.physical(json.dataStart()) + ",force-raw=on"));
        cmd.addAll(loader("file=" + flashFile + ",addr=" + target.flashRam + ",force-raw=on"));
        cmd.addAll(loader("addr=" + target.entrySlot + ",data=" + json.entry() + ",data-len=4"));
        preloads.forEach((addr, value) -> cmd.addAll(loader("addr=" + target.physical(addr) + ",data="
                + (value & 0xFFFFFFFFL) + ",data-len=4")));
        if (target == StubTarget.ESP8266) {
            // The sim machine starts at its reset vector; this points the CPU at the test ROM instead.
            cmd.addAll(loader("addr=" + elfEntry(testRom) + ",cpu-num=0"));
        }
        Path err = workDir.resolve("qemu-stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        return new QemuStub(p, err, raw);
    }

    private static List<String> loader(String args) {
        return List.of("-device", "loader," + args);
    }

    private static long elfEntry(Path elf) throws IOException {
        byte[] head = new byte[0x1C];
        try (InputStream in = Files.newInputStream(elf)) {
            if (in.readNBytes(head, 0, head.length) != head.length) {
                throw new IOException("short ELF " + elf);
            }
        }
        return ByteBuffer.wrap(head, 0x18, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    private QemuStub(Process process, Path errLog, boolean raw) {
        this.process = process;
        this.toStub = process.getOutputStream();
        this.errLog = errLog;
        SlipDecoder decoder = new SlipDecoder(frames::add, b -> {
            synchronized (stray) {
                stray.write(b);
            }
        });
        this.transport = raw ? new QemuTransport(this) : null;
        InputStream in = process.getInputStream();
        reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (raw) {
                        transport.received(java.util.Arrays.copyOf(buf, n));
                    } else {
                        decoder.feed(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // process ended
            } finally {
                if (raw) {
                    transport.received(new byte[0]); // end of stream
                }
            }
        }, "qemu-stub-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The raw byte link (only for a stub started with {@code raw}). */
    QemuTransport transport() {
        if (transport == null) {
            throw new IllegalStateException("started in frame mode");
        }
        return transport;
    }

    void writeRaw(byte[] data, int offset, int length) throws IOException {
        toStub.write(data, offset, length);
        toStub.flush();
    }

    void sendFrame(byte[] payload) throws IOException {
        toStub.write(Slip.encode(payload));
        toStub.flush();
    }

    void send(int op, byte[] data, int checksum) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) op).putShort((short) data.length).putInt(checksum).put(data);
        sendFrame(b.array());
    }

    byte[] frame(Duration timeout) throws IOException, InterruptedException {
        byte[] f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new IOException("no frame from the stub within " + timeout + diagnostics());
        }
        return f;
    }

    Response command(int op, byte[] data, int checksum, Duration timeout) throws IOException, InterruptedException {
        send(op, data, checksum);
        return response(op, timeout);
    }

    Response command(int op, byte[] data) throws IOException, InterruptedException {
        return command(op, data, 0, Duration.ofSeconds(10));
    }

    Response response(int op, Duration timeout) throws IOException, InterruptedException {
        byte[] f = frame(timeout);
        if (f.length < 10 || f[0] != 1 || (f[1] & 0xFF) != op) {
            throw new IOException("unexpected frame for op 0x" + Integer.toHexString(op) + ": " + hex(f));
        }
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int size = b.getShort(2) & 0xFFFF;
        if (size != f.length - 8) {
            throw new IOException("size field " + size + " does not match frame " + hex(f));
        }
        byte[] data = java.util.Arrays.copyOfRange(f, 8, f.length - 2);
        return new Response(f[1] & 0xFF, b.getInt(4) & 0xFFFFFFFFL, data, f[f.length - 2] & 0xFF,
                f[f.length - 1] & 0xFF);
    }

    /** Waits for QEMU to end (the test ROM exits 0 when the stub returns to it). */
    int waitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("QEMU still running after " + timeout + diagnostics());
        }
        return process.exitValue();
    }

    boolean framesPending() {
        return !frames.isEmpty();
    }

    String diagnostics() {
        StringBuilder s = new StringBuilder();
        if (!process.isAlive()) {
            int code = process.exitValue();
            s.append("; QEMU exited with ").append(code);
            if (code >= 100) {
                s.append(" (test ROM: CPU exception, cause ").append(code - 100).append(')');
            }
        }
        synchronized (stray) {
            if (stray.size() > 0) {
                s.append("; bytes outside frames: ").append(hex(stray.toByteArray()));
            }
        }
        try {
            String err = Files.readString(errLog).trim();
            if (!err.isEmpty()) {
                s.append("; QEMU stderr: ").append(err);
            }
        } catch (IOException e) {
            // no stderr log
        }
        return s.toString();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 64); i++) {
            s.append(String.format("%02x", b[i] & 0xFF));
        }
        return b.length > 64 ? s + "…(" + b.length + " bytes)" : s.toString();
    }

    static byte[] words(long... w) {
        ByteBuffer b = ByteBuffer.allocate(4 * w.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : w) {
            b.putInt((int) v);
        }
        return b.array();
    }

    /** FLASH_DATA / FLASH_DEFL_DATA body: size, sequence, 0, 0, payload. */
    static byte[] dataBody(int seq, byte[] payload, int from, int len) {
        ByteBuffer b = ByteBuffer.allocate(16 + len).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(len).putInt(seq).putInt(0).putInt(0).put(payload, from, len);
        return b.array();
    }

    /** The data checksum: 0xEF XOR every payload byte. */
    static int checksum(byte[] payload, int from, int len) {
        int s = 0xEF;
        for (int i = from; i < from + len; i++) {
            s ^= payload[i] & 0xFF;
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        toStub.close();
    }
}

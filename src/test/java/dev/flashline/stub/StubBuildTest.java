package dev.flashline.stub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stub's own build checks, so that `mvn test` (all CI runs) covers them: the committed JSON is
 * exactly what src/stub builds to, and the C unit tests pass on the host (ASan/UBSan). Both write
 * only to temporary directories. Skipped when a tool is missing, except under CI=true, where that
 * fails and names the tool.
 */
class StubBuildTest {
    private static final long LIMIT_SECONDS = 120;

    @Test
    @Timeout(180)
    void committedJsonIsWhatTheSourcesBuildTo() throws Exception {
        requireTools("xtensa-lx106-elf-gcc", "xtensa-lx106-elf-objcopy", "xtensa-lx106-elf-nm",
                "xtensa-lx106-elf-objdump", "riscv64-unknown-elf-gcc", "riscv64-unknown-elf-objcopy",
                "riscv64-unknown-elf-nm", "riscv64-unknown-elf-objdump", "make", "base64", "cmp");
        Result r = run(List.of("sh", QemuStub.STUB_SRC.resolve("check-reproducible.sh").toString()));
        assertEquals(0, r.exit(), () -> "src/stub/check-reproducible.sh failed:\n" + r.output());
        assertTrue(r.output().contains("esp8266 identical to the committed JSON"), r::output);
        assertTrue(r.output().contains("esp32c3 identical to the committed JSON"), r::output);
    }

    @Test
    @Timeout(180)
    void hostUnitTestsPass(@TempDir Path build) throws Exception {
        requireTools("make", "gcc", "python3");
        Result r = run(List.of("make", "-s", "-C", QemuStub.STUB_SRC.toString(), "BUILD=" + build, "host-test"));
        assertEquals(0, r.exit(), () -> "make -C src/stub host-test failed:\n" + r.output());
        assertTrue(r.output().matches("(?s).*\\d+ checks, 0 failures.*"), () -> "no test summary in:\n" + r.output());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(QemuStub.REPO.toFile())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the process (and its children) close it
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " still running after " + LIMIT_SECONDS + " s:\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void requireTools(String... tools) {
        for (String tool : tools) {
            if (!QemuStub.onPath(tool)) {
                String why = tool + " not found on PATH (Debian: gcc-xtensa-lx106 binutils-xtensa-lx106 "
                        + "gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf make gcc python3 coreutils diffutils)";
                QemuStub.skipOrFail("stub build check", why);
            }
        }
    }
}

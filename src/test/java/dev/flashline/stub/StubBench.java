package dev.flashline.stub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Prints the committed stub's size and its throughput under QEMU: compressed write (inflate +
 * flash write, counted in image bytes), READ_FLASH, SPI_FLASH_MD5 and READ_FLASH_DEFL. Run through src/stub/bench.sh.
 * QEMU numbers say how fast the stub's code path is on an emulated lx106 with a free UART;
 * on a chip the serial line (e.g. 115200-921600 baud) and the SPI flash set the pace.
 */
public final class StubBench {
    private StubBench() {
    }

    public static void main(String[] args) throws Exception {
        String missing = QemuStub.missingPrerequisite();
        if (missing != null) {
            System.err.println("bench: " + missing);
            System.exit(2);
        }
        QemuStub.StubImage img = QemuStub.StubImage.load();
        System.out.printf("stub: text %d bytes at 0x%08X, data %d bytes at 0x%08X, entry 0x%08X%n",
                img.text().length, img.textStart(), img.data().length, img.dataStart(), img.entry());
        Path rom = QemuStub.buildTestRom();
        Path dir = Files.createTempDirectory("stub-bench");
        int size = args.length > 0 ? Integer.parseInt(args[0]) : QemuStub.FLASH_SIZE;
        byte[] image = StubOps.firmwareLike(size, 42);
        try (QemuStub stub = QemuStub.start(dir, rom, null)) {
            stub.frame(Duration.ofSeconds(10)); // OHAI
            StubOps.expectOk(stub.command(StubOps.SPI_SET_PARAMS,
                    QemuStub.words(0, QemuStub.FLASH_SIZE, 0x10000, 0x1000, 0x100, 0xFFFF)), "SPI_SET_PARAMS");
            long t0 = System.nanoTime();
            int sent = StubOps.writeDeflated(stub, 0, image);
            long t1 = System.nanoTime();
            byte[] back = StubOps.readFlash(stub, 0, image.length, 0x1000, 64);
            long t2 = System.nanoTime();
            byte[] md5 = StubOps.flashMd5(stub, 0, image.length);
            long t3 = System.nanoTime();
            int[] deflated = new int[1];
            byte[] packed = StubOps.readFlashDeflated(stub, 0, image.length, 0x1000, 64, deflated);
            long t4 = System.nanoTime();
            if (!Arrays.equals(back, image) || !Arrays.equals(packed, image)
                    || !Arrays.equals(md5, StubOps.md5(image, 0, image.length))) {
                throw new IllegalStateException("read-back or MD5 mismatch");
            }
            System.out.printf("image: %d bytes, %d compressed (%.0f%%)%n", image.length, sent,
                    100.0 * sent / image.length);
            report("inflate+write", image.length, t1 - t0);
            report("read_flash", image.length, t2 - t1);
            report("spi_flash_md5", image.length, t3 - t2);
            report("read_flash_defl", image.length, t4 - t3);
            System.out.printf("read_flash_defl sent %d bytes (%.0f%%)%n", deflated[0], 100.0 * deflated[0] / image.length);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, int bytes, long nanos) {
        double s = nanos / 1e9;
        System.out.printf("%-16s %8.3f s  %10.0f bytes/s%n", what, s, bytes / s);
    }
}

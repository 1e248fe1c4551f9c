package dev.flashline.stub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Prints the committed stub's size and its throughput under QEMU: compressed write (inflate +
 * flash write, counted in image bytes), READ_FLASH, SPI_FLASH_MD5, READ_FLASH_DEFL and a READ_WRITE_DEFL
 * session (counted in backup bytes; an image of half that size is written behind it). Run through
 * src/stub/bench.sh [esp8266|esp32c3] [bytes]. QEMU numbers say how fast the stub's code path is on an
 * emulated core (the ESP32-C3 one behind an emulated 16550 that moves a byte per access);
 * on a chip the serial line (e.g. 115200-921600 baud) and the SPI flash set the pace.
 */
public final class StubBench {
    private StubBench() {
    }

    public static void main(String[] args) throws Exception {
        StubTarget target = args.length > 0 ? StubTarget.valueOf(args[0].toUpperCase(java.util.Locale.ROOT))
                : StubTarget.ESP8266;
        String missing = QemuStub.missingPrerequisite(target);
        if (missing != null) {
            System.err.println("bench: " + missing);
            System.exit(2);
        }
        QemuStub.StubImage img = QemuStub.StubImage.load(target.json());
        System.out.printf("stub: text %d bytes at 0x%08X, data %d bytes at 0x%08X, entry 0x%08X%n",
                img.text().length, img.textStart(), img.data().length, img.dataStart(), img.entry());
        Path rom = QemuStub.buildTestRom(target);
        Path dir = Files.createTempDirectory("stub-bench");
        int size = args.length > 1 ? Integer.parseInt(args[1]) : target.flashSize;
        byte[] image = StubOps.firmwareLike(size, 42);
        try (QemuStub stub = QemuStub.start(target, dir, rom, null, java.util.Map.of(), false)) {
            stub.frame(Duration.ofSeconds(10)); // OHAI
            StubOps.expectOk(stub.command(StubOps.SPI_ATTACH, QemuStub.words(0)), "SPI_ATTACH");
            StubOps.expectOk(stub.command(StubOps.SPI_SET_PARAMS,
                    QemuStub.words(0, target.flashSize, 0x10000, 0x1000, 0x100, 0xFFFF)), "SPI_SET_PARAMS");
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

            // READ_WRITE_DEFL: the image above is backed up while another of half its size is written over it
            int readLength = image.length & ~0xFFF;
            SwapHost.Image next = SwapHost.Image.of(StubOps.firmwareLike(readLength / 2, 43));
            long t5 = System.nanoTime();
            SwapHost.Result swap = SwapHost.run(stub, 0, readLength, 0x1000, 8, 0, next, 0x1000);
            long t6 = System.nanoTime();
            if (swap.error() != 0 || swap.finishStatus() != 0 || !Arrays.equals(swap.backup(), Arrays.copyOf(image, readLength))
                    || !Arrays.equals(StubOps.flashMd5(stub, 0, next.raw().length),
                            StubOps.md5(next.raw(), 0, next.raw().length))) {
                throw new IllegalStateException("READ_WRITE_DEFL backup or written image mismatch");
            }
            report("read_write_defl", readLength, t6 - t5);
            System.out.printf("read_write_defl backup %d bytes (%d sent) + image %d bytes (%d received) in one session%n",
                    readLength, swap.compressedBackup(), next.raw().length, swap.compressedImage());
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

package dev.flashline.flasher;

import dev.flashline.digest.Digests;
import dev.flashline.loader.ResetStrategy;
import dev.flashline.loader.StubLoader;
import dev.flashline.sim.VirtualDevice;
import dev.flashline.sim.VirtualDeviceConfig;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Prints how long a whole-flash backup of a stock Sonoff takes on the line-rate virtual device
 * (datasheet flash timing on), plain READ_FLASH against READ_FLASH_DEFL, with the bundled stub:
 *   mvn -o -q test-compile && java -cp target/classes:target/test-classes dev.flashline.flasher.BackupBenchmark [BAUD]
 * A figure-printing benchmark, not a test: nothing here passes or fails on speed.
 */
public final class BackupBenchmark {
    private BackupBenchmark() {
    }

    public static void main(String[] args) {
        int baud = args.length > 0 ? Integer.parseInt(args[0]) : 460800;
        VirtualDevice device = new VirtualDevice(VirtualDeviceConfig.builder().throttle(true).stockFlash(true)
                .mac(VirtualDeviceConfig.defaultMac(1)).build());
        int size = device.flash().size();
        System.out.printf("device: %s flash, timing %s, stock flash; backup of %d bytes at %d baud%n",
                device.config().flashTiming().map(t -> t.part()).orElse("none"), "on", size, baud);
        ConnectOptions options = ConnectOptions.defaults("virtual").withBefore(ResetStrategy.DEFAULT_RESET)
                .withAfter(AfterAction.NO_RESET).withBaud(baud).withStub(null, false);
        try (FlashSession s = FlashSession.open(options, m -> { }, url -> device.connect())) {
            StubLoader stub = s.requireStub("Benchmark");
            MessageDigest sha = Digests.sha256();
            long t = System.nanoTime();
            stub.readFlash(0, size, tee(sha), n -> { });
            report("plain READ_FLASH", (System.nanoTime() - t) / 1e9, size, size, baud, sha);

            sha = Digests.sha256();
            t = System.nanoTime();
            long wire = stub.readFlashCompressed(0, size, tee(sha), n -> { });
            if (wire < 0) {
                System.out.println("the stub in use has no READ_FLASH_DEFL");
                return;
            }
            report("READ_FLASH_DEFL", (System.nanoTime() - t) / 1e9, size, wire, baud, sha);
        }
    }

    private static void report(String what, double seconds, long size, long wire, int baud, MessageDigest sha) {
        double limit = wire * 10.0 / baud;
        System.out.printf("%-17s %6.2f s  %8d data bytes on the line (%5.1f %%)  line limit %6.2f s  ratio %.3f  sha256 %s%n",
                what, seconds, wire, 100.0 * wire / size, limit, seconds / limit,
                HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    }

    private static OutputStream tee(MessageDigest sha) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                sha.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sha.update(b, off, len);
            }
        };
    }
}

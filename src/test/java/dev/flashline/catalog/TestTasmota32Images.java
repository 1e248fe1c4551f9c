package dev.flashline.catalog;

import dev.flashline.sim.Chip;
import dev.flashline.sim.tasmota.CodeLikeBytes;
import dev.flashline.sim.tasmota.DemoTasmota32Image;
import dev.flashline.sim.tasmota.Esp32ImageBuilder;
import dev.flashline.sim.tasmota.Esp32ImageLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * ESP32 / ESP32-C3 images shaped like Tasmota32's deliverables for the tests, written by the
 * project's own ESP32 image writer: the app-only image (tasmota32.bin: DROM, DRAM, IRAM and IROM
 * segments, checksum, appended SHA-256) carrying Tasmota's image marker and the version, and the
 * factory image (tasmota32.factory.bin: bootloader at 0x1000 / 0x0, partition table at 0x8000,
 * app at 0x10000).
 */
public final class TestTasmota32Images {
    private TestTasmota32Images() {
    }

    /** The app-only image, about {@code size} bytes, the version as text. */
    public static byte[] app(Chip chip, String version, int size) {
        return app(chip, version.getBytes(StandardCharsets.US_ASCII), size, true);
    }

    public static byte[] appWithoutMarker(Chip chip, String version, int size) {
        return app(chip, version.getBytes(StandardCharsets.US_ASCII), size, false);
    }

    /**
     * The version only as RISC-V code builds Tasmota's TASMOTA_VERSION: LUI a5, upper; one compressed
     * instruction; ADDI a5, a5, lower (no text, no literal word).
     */
    public static byte[] appWithVersionInCode(Chip chip, int major, int minor, int patch, int size) {
        int value = major << 24 | minor << 16 | patch << 8;
        int upper = (value + 0x800) >>> 12;
        int lower = value - (upper << 12);
        int rd = 15; // a5
        int lui = upper << 12 | rd << 7 | 0x37;
        int addi = lower << 20 | rd << 15 | rd << 7 | 0x13;
        byte[] code = new byte[10];
        putLe32(code, 0, lui);
        code[4] = 0x01; // c.nop
        code[5] = 0x00;
        putLe32(code, 6, addi);
        return app(chip, code, size, true);
    }

    private static void putLe32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    /** The factory image: everything from flash offset 0 to the app's end, gaps 0xFF. */
    public static byte[] factory(Chip chip, String version, int appSize) {
        Esp32ImageLayout layout = Esp32ImageLayout.of(chip);
        byte[] app = app(chip, version, appSize);
        byte[] out = new byte[Esp32ImageLayout.APP_OFFSET + app.length];
        Arrays.fill(out, 0, Esp32ImageLayout.APP_OFFSET, (byte) 0xFF);
        byte[] boot = DemoTasmota32Image.bootloader(chip);
        System.arraycopy(boot, 0, out, layout.bootloaderOffset(), boot.length);
        byte[] table = DemoTasmota32Image.partitionTable();
        System.arraycopy(table, 0, out, Esp32ImageLayout.PARTITION_TABLE_OFFSET, table.length);
        System.arraycopy(app, 0, out, Esp32ImageLayout.APP_OFFSET, app.length);
        return out;
    }

    private static byte[] app(Chip chip, byte[] versionBytes, int size, boolean marker) {
        Esp32ImageLayout layout = Esp32ImageLayout.of(chip);
        boolean esp32 = chip == Chip.ESP32;
        Random random = new Random(size ^ layout.chipId());
        int quarter = (size / 4 - 64) & ~3;
        byte[][] segments = new byte[4][];
        for (int i = 0; i < 4; i++) {
            segments[i] = CodeLikeBytes.generate(random, quarter); // compresses about as firmware does
        }
        // Constants live in the DROM segment: clear a zone so the random filler cannot fake them.
        byte[] rodata = segments[0];
        int at = quarter / 2;
        Arrays.fill(rodata, at - 8, at + 64, (byte) 0);
        if (marker) {
            System.arraycopy(TasmotaImageCheck.marker(), 0, rodata, at, 12);
        }
        System.arraycopy(versionBytes, 0, rodata, at + 24, versionBytes.length);
        long[] loads = esp32
                ? new long[] {0x3F400020L, 0x3FFB0000L, 0x40080000L, 0x400D0020L}
                : new long[] {0x3C000020L, 0x3FC88000L, 0x40380000L, 0x42000020L};
        return Esp32ImageBuilder.build(layout.chipId(), esp32 ? 399 : 199, esp32 ? 0x40081000L : 0x40380080L, loads, segments);
    }
}

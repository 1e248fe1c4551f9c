package dev.flashline.stub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The chips flashline builds a stub for, as the QEMU tests run them: which emulator, cross
 * compiler, committed JSON and test ROM (src/stub/CHIP/qemu), and where the emulated machine keeps
 * the things a test preloads. Test code only.
 */
enum StubTarget {
    /** lx106 core on QEMU's Xtensa "sim" machine; ROM stand-ins reached by semihosting. */
    ESP8266("esp8266", "qemu-system-xtensa", "xtensa-lx106-elf-gcc",
            "qemu-system-misc gcc-xtensa-lx106 binutils-xtensa-lx106 make", 1 << 20, 0x40200000L, 0x3FFFFFF8L),
    /**
     * rv32 core on QEMU's RISC-V "virt" machine; the test ROM maps the C3's addresses onto the
     * machine's RAM with Sv32 pages and talks over the machine's 16550 UART.
     */
    ESP32C3("esp32c3", "qemu-system-riscv32", "riscv64-unknown-elf-gcc",
            "qemu-system-misc gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf make", 4 << 20, 0x81000000L,
            0x80300000L);

    final String chip;
    final String qemu;
    final String crossGcc;
    final String packages;
    /** Bytes of emulated SPI flash the test ROM holds. */
    final int flashSize;
    /** Where QEMU's loader puts the flash image (physical address of the emulated machine). */
    final long flashRam;
    /** Where the test ROM reads the stub's entry address from (physical). */
    final long entrySlot;

    StubTarget(String chip, String qemu, String crossGcc, String packages, int flashSize, long flashRam,
            long entrySlot) {
        this.chip = chip;
        this.qemu = qemu;
        this.crossGcc = crossGcc;
        this.packages = packages;
        this.flashSize = flashSize;
        this.flashRam = flashRam;
        this.entrySlot = entrySlot;
    }

    Path json() {
        return QemuStub.REPO.resolve("src/main/resources/dev/flashline/stub/" + chip + "-stub.json");
    }

    /**
     * The physical address QEMU's loader must write to so that the chip sees the bytes at
     * {@code chipAddress} (identity on the Xtensa sim machine; the test ROM's page map on virt).
     */
    long physical(long chipAddress) {
        if (this == ESP8266) {
            return chipAddress;
        }
        if (chipAddress >= 0x3FC00000L && chipAddress < 0x40000000L) {
            return 0x80400000L + (chipAddress - 0x3FC00000L); // DRAM page
        }
        if (chipAddress >= 0x40380000L && chipAddress < 0x403E0000L) {
            return 0x80480000L + (chipAddress - 0x40380000L); // IRAM = the same SRAM as DRAM 0x3FC80000
        }
        if (chipAddress >= 0x60000000L && chipAddress < 0x60400000L) {
            return 0x80800000L + (chipAddress - 0x60000000L); // peripheral registers as RAM
        }
        throw new IllegalArgumentException(String.format("0x%08x is not mapped by the ESP32-C3 test ROM", chipAddress));
    }

    /** QEMU's command line up to (not including) the loader devices. */
    List<String> machine(Path testRom) {
        List<String> cmd = new ArrayList<>(List.of(qemu));
        if (this == ESP8266) {
            cmd.addAll(List.of("-M", "sim", "-cpu", "lx106", "-semihosting"));
        } else {
            cmd.addAll(List.of("-M", "virt", "-bios", "none", "-m", "128M"));
        }
        cmd.addAll(List.of("-display", "none", "-monitor", "none", "-serial", "stdio", "-kernel", testRom.toString()));
        return cmd;
    }
}

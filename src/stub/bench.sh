#!/bin/sh
# Prints a stub's size (committed JSON, plus .bss from a fresh cross build) and its QEMU
# throughput for compressed writes, READ_FLASH, SPI_FLASH_MD5, READ_FLASH_DEFL and READ_WRITE_DEFL over an image.
#   src/stub/bench.sh [esp8266|esp32c3] [IMAGE_BYTES]     (default esp8266, the chip's flash size)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
chip=esp8266
case ${1:-} in esp8266|esp32c3) chip=$1; shift ;; esac
case $chip in esp8266) cross=xtensa-lx106-elf- ;; esp32c3) cross=riscv64-unknown-elf- ;; esac
make -s -C src/stub BUILD="$root/target/stub-bench" CHIP="$chip" stub >&2
echo "sections (cross build, $chip):"
"${cross}size" -A "target/stub-bench/$chip/stub.elf" | awk '$1 ~ /^\.(text|data|bss)$/ { printf "  %-6s %6d bytes\n", $1, $2 }'
mvn -o -q -B test-compile >&2
java -cp target/classes:target/test-classes dev.flashline.stub.StubBench "$chip" "$@"

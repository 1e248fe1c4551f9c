#!/bin/sh
# Prints the stub's size (committed JSON, plus .bss from a fresh cross build) and its QEMU
# throughput for compressed writes, READ_FLASH and SPI_FLASH_MD5 over a 1 MiB image.
#   src/stub/bench.sh [IMAGE_BYTES]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
make -s -C src/stub BUILD="$root/target/stub-bench" stub >&2
echo "sections (cross build):"
xtensa-lx106-elf-size -A "target/stub-bench/stub.elf" | awk '$1 ~ /^\.(text|data|bss)$/ { printf "  %-6s %6d bytes\n", $1, $2 }'
mvn -o -q -B test-compile >&2
java -cp target/classes:target/test-classes dev.flashline.stub.StubBench "$@"

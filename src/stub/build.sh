#!/bin/sh
# Builds flashline's flasher stubs and writes each in esptool's JSON stub layout
# (entry, text, text_start, data, data_start).
#
#   src/stub/build.sh                  # both chips, into src/main/resources/dev/flashline/stub/
#   src/stub/build.sh CHIP [OUTPUT]    # CHIP = esp8266 | esp32c3
#
# Default outputs: src/main/resources/dev/flashline/stub/CHIP-stub.json (committed).
# Needs Debian's gcc-xtensa-lx106 + binutils-xtensa-lx106 (esp8266) and gcc-riscv64-unknown-elf +
# binutils-riscv64-unknown-elf (esp32c3); BUILD_DIR picks the work directory (default src/stub/build).
# The output depends only on the sources and these tool versions.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
resources=$here/../main/resources/dev/flashline/stub
build=${BUILD_DIR:-$here/build}
export LC_ALL=C

if [ $# -eq 0 ]; then
    "$0" esp8266
    "$0" esp32c3
    exit 0
fi
chip=$1
out=${2:-$resources/$chip-stub.json}
case $chip in
    esp8266) cross=xtensa-lx106-elf- ;;
    esp32c3) cross=riscv64-unknown-elf- ;;
    *) echo "build.sh: unknown chip $chip (esp8266 or esp32c3)" >&2; exit 2 ;;
esac
elf=$build/$chip/stub.elf

make -s -C "$here" BUILD="$build" CHIP="$chip" stub >&2

sym() {
    addr=$("${cross}nm" "$elf" | awk -v s="$1" '$3 == s { print $1 }')
    [ -n "$addr" ] || { echo "build.sh: symbol $1 missing" >&2; exit 1; }
    printf '%d' "0x$addr"
}
section_addr() {
    addr=$("${cross}objdump" -h "$elf" | awk -v s="$1" '$2 == s { print $4 }')
    [ -n "$addr" ] || { echo "build.sh: section $1 missing" >&2; exit 1; }
    printf '%d' "0x$addr"
}

entry=$(sym stub_entry)
text_start=$(section_addr .text)
data_start=$(section_addr .data)
text=$(base64 -w0 "$build/$chip/stub-text.bin")
data=$(base64 -w0 "$build/$chip/stub-data.bin")

mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
printf '{\n  "entry": %s,\n  "text": "%s",\n  "text_start": %s,\n  "data": "%s",\n  "data_start": %s\n}\n' \
    "$entry" "$text" "$text_start" "$data" "$data_start" > "$tmp"
mv "$tmp" "$out"
echo "build.sh: wrote $out (text $(wc -c < "$build/$chip/stub-text.bin") bytes, data $(wc -c < "$build/$chip/stub-data.bin") bytes)" >&2

#!/bin/sh
# Builds flashline's ESP8266 flasher stub and writes it in esptool's JSON stub layout.
#
#   src/stub/build.sh [OUTPUT.json]
#
# Default output: src/main/resources/dev/flashline/stub/esp8266-stub.json (committed).
# Needs Debian's gcc-xtensa-lx106 and binutils-xtensa-lx106; BUILD_DIR picks the work directory
# (default src/stub/build). The output depends only on the sources and these tool versions.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../main/resources/dev/flashline/stub/esp8266-stub.json}
build=${BUILD_DIR:-$here/build}
export LC_ALL=C

make -s -C "$here" BUILD="$build" stub >&2

sym() {
    addr=$(xtensa-lx106-elf-nm "$build/stub.elf" | awk -v s="$1" '$3 == s { print $1 }')
    [ -n "$addr" ] || { echo "build.sh: symbol $1 missing" >&2; exit 1; }
    printf '%d' "0x$addr"
}
section_addr() {
    addr=$(xtensa-lx106-elf-objdump -h "$build/stub.elf" | awk -v s="$1" '$2 == s { print $4 }')
    [ -n "$addr" ] || { echo "build.sh: section $1 missing" >&2; exit 1; }
    printf '%d' "0x$addr"
}

entry=$(sym stub_entry)
text_start=$(section_addr .text)
data_start=$(section_addr .data)
text=$(base64 -w0 "$build/stub-text.bin")
data=$(base64 -w0 "$build/stub-data.bin")

mkdir -p "$(dirname "$out")"
tmp="$out.tmp.$$"
printf '{\n  "entry": %s,\n  "text": "%s",\n  "text_start": %s,\n  "data": "%s",\n  "data_start": %s\n}\n' \
    "$entry" "$text" "$text_start" "$data" "$data_start" > "$tmp"
mv "$tmp" "$out"
echo "build.sh: wrote $out (text $(wc -c < "$build/stub-text.bin") bytes, data $(wc -c < "$build/stub-data.bin") bytes)" >&2

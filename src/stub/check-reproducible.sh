#!/bin/sh
# Rebuilds every stub from scratch in a temporary directory and compares each result byte for byte
# with the committed src/main/resources/dev/flashline/stub/CHIP-stub.json. Exit 0 = all identical.
#   src/stub/check-reproducible.sh [CHIP...]    (default: esp8266 esp32c3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- esp8266 esp32c3
status=0
for chip in "$@"; do
    committed=$here/../main/resources/dev/flashline/stub/$chip-stub.json
    BUILD_DIR="$tmp/build" "$here/build.sh" "$chip" "$tmp/$chip-stub.json"
    if cmp -s "$committed" "$tmp/$chip-stub.json"; then
        echo "check-reproducible: $chip identical to the committed JSON"
    else
        echo "check-reproducible: the committed $chip-stub.json differs from a fresh build of src/stub" >&2
        echo "  (run src/stub/build.sh $chip and commit the result, or check the compiler version)" >&2
        status=1
    fi
done
exit $status

#!/bin/sh
# Rebuilds the stub from scratch in a temporary directory and compares the result byte for byte
# with the committed src/main/resources/dev/flashline/stub/esp8266-stub.json. Exit 0 = identical.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
committed=$here/../main/resources/dev/flashline/stub/esp8266-stub.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
BUILD_DIR="$tmp/build" "$here/build.sh" "$tmp/esp8266-stub.json"
if cmp -s "$committed" "$tmp/esp8266-stub.json"; then
    echo "check-reproducible: identical to the committed JSON"
else
    echo "check-reproducible: the committed JSON differs from a fresh build of src/stub" >&2
    echo "  (run src/stub/build.sh and commit the result, or check the compiler version)" >&2
    exit 1
fi

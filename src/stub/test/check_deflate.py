#!/usr/bin/env python3
"""Decodes every raw DEFLATE stream host_test wrote (defl_NAME.z) with Python's zlib, an
independent decoder, and compares it with the data it came from (defl_NAME.raw)."""
import glob
import os
import sys
import zlib

folder = sys.argv[1] if len(sys.argv) > 1 else "."
streams = sorted(glob.glob(os.path.join(folder, "defl_*.z")))
bad = 0
for path in streams:
    raw = open(path[:-2] + ".raw", "rb").read()
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(open(path, "rb").read()) + d.flush()
        ok = out == raw and d.eof and not d.unused_data
    except zlib.error as e:
        ok, out = False, str(e)
    if not ok:
        bad += 1
        print("check_deflate: %s does not decode to its data" % os.path.basename(path), file=sys.stderr)
if not streams:
    print("check_deflate: no streams found in " + folder, file=sys.stderr)
    sys.exit(1)
print("check_deflate: %d streams decoded by zlib, %d bad" % (len(streams), bad))
sys.exit(1 if bad else 0)

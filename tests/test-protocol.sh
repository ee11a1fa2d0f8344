#!/usr/bin/env bash
# test-protocol.sh: nothing that chooses reads the test set.  Two runs of
# `belief-cli train` from one seed on one thread, on two copies of a data
# folder that differ only in the test labels (the second copy's are
# scrambled), must make the same choices: the same chosen epoch, the same
# saved model bytes, the same metrics CSV (every curve, validation accuracy
# included).  Only the final test figure may differ, and it must (else the
# scrambling did not reach the test set and the check proves nothing).
# Needs the digits (./run.sh --setup-only).  TAP output.
set -uo pipefail
cli=${BELIEF_CLI:?BELIEF_CLI must point at belief-cli}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; failed=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
not_ok() { n=$((n+1)); failed=$((failed+1)); echo "not ok $n - $1"; }

datadir=${BELIEF_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/belief/mnist}
if [[ ! -f $datadir/t10k-labels-idx1-ubyte.gz ]]; then
  echo "1..0 # SKIP no digits in $datadir; run ./run.sh --setup-only"
  exit 0
fi

# Same basename in both places: the metadata records the folder's name.
mkdir -p "$tmp/true/data" "$tmp/scrambled/data"
cp "$datadir"/*-ubyte.gz "$tmp/true/data/"
cp "$datadir"/*-ubyte.gz "$tmp/scrambled/data/"
python3 - "$tmp/scrambled/data/t10k-labels-idx1-ubyte.gz" <<'EOF'
import gzip, random, sys
path = sys.argv[1]
raw = gzip.open(path).read()
head, labels = raw[:8], bytearray(raw[8:])
rng = random.Random(7)
# every label moved to another class: no chance agreement left
labels = bytearray((l + 1 + rng.randrange(9)) % 10 for l in labels)
with gzip.open(path, "wb") as f:
    f.write(head + bytes(labels))
EOF

# A small DBN whose last phase has several epochs to choose from.
train=(train --layers 60,120 --epochs 2 --top-epochs 3 --finetune-epochs 3 --train-size 2000
       --validation 500 --eval-size 300 --threads 1 --seed 5)
for which in true scrambled; do
  "$BELIEF_CLI" "${train[@]}" --data "$tmp/$which/data" --metrics "$tmp/$which.csv" \
    -o "$tmp/$which.safetensors" >"$tmp/$which.out" 2>"$tmp/$which.err" \
    || { sed 's/^/# /' "$tmp/$which.err"; not_ok "train on the $which labels"; }
done

if cmp -s "$tmp/true.safetensors" "$tmp/scrambled.safetensors"; then
  ok "the saved models are byte-identical"
else
  not_ok "the saved models differ"
fi
# every column but the clocks: the 6th (seconds of training) and the 12th
# (seconds of the epoch-end measurements)
for which in true scrambled; do cut -d, -f1-5,7-11 "$tmp/$which.csv" >"$tmp/$which.curves"; done
if [[ -s $tmp/true.curves ]] && cmp -s "$tmp/true.curves" "$tmp/scrambled.curves"; then
  ok "the metrics (every curve, validation accuracy included) are identical"
else
  not_ok "the metrics differ"; diff "$tmp/true.curves" "$tmp/scrambled.curves" | head -5 | sed 's/^/# /'
fi
if grep -q "validation_accuracy" "$tmp/true.csv" && \
   awk -F, 'NR > 1 && $11 != "" { found = 1 } END { exit !found }' "$tmp/true.csv"; then
  ok "the runs measured validation accuracy (there was something to choose on)"
else
  not_ok "no validation accuracy in the metrics"
fi
chosen() { grep -o 'at [a-zA-Z-]* epoch [0-9]*' "$1"; }
if [[ -n $(chosen "$tmp/true.out") && $(chosen "$tmp/true.out") == "$(chosen "$tmp/scrambled.out")" ]]; then
  ok "the same epoch was chosen: $(chosen "$tmp/true.out")"
else
  not_ok "chosen epochs: '$(chosen "$tmp/true.out")' and '$(chosen "$tmp/scrambled.out")'"
fi
acc() { grep -o 'test accuracy [0-9.]*' "$1" | grep -o '[0-9.]*$'; }
a=$(acc "$tmp/true.out"); b=$(acc "$tmp/scrambled.out")
if [[ -n $a && -n $b ]] && python3 -c "import sys; sys.exit(not (float('$a') > 50 and float('$b') < 20))"; then
  ok "only the final test figure differs: $a% with the true labels, $b% with scrambled ones"
else
  not_ok "test figures $a and $b: the scrambled labels did not reach the final test"
fi

echo "1..$n"
exit $((failed > 0))

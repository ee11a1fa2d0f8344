#!/usr/bin/env bash
# test-kill.sh: kill -9 during `belief-cli train -o m.safetensors`, 20 times,
# at random moments over the whole run (loading, training, saving, the final
# evaluation) and, every fourth time, the moment the save's temporary file
# appears, with a previous good m.safetensors in place.  Afterwards the
# file must be byte-identical to the previous one, absent, or a complete new
# model that `belief-cli eval` loads -- never anything else.  Prints the
# tally.  TAP output.
set -uo pipefail
cli=${BELIEF_CLI:?BELIEF_CLI must point at belief-cli}
runs=${BELIEF_KILL_RUNS:-20}
datadir=${BELIEF_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/belief/mnist}
if [[ ! -f $datadir/t10k-labels-idx1-ubyte.gz ]]; then
  echo "1..0 # SKIP no default digits in $datadir; run ./run.sh --setup-only"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0; failed=0
ok() { n=$((n+1)); echo "ok $n - $1"; }
not_ok() { n=$((n+1)); failed=$((failed+1)); echo "not ok $n - $1"; }

# big enough (a 4 MB file) that writing it takes a while
train=(train --dataset digits --layers 400,400 --epochs 1 --top-epochs 1 --finetune-epochs 1 --train-size 600
       --eval-size 0 --threads 1)
if "$cli" "${train[@]}" --seed 1 -o "$tmp/good.safetensors" >/dev/null 2>"$tmp/err"; then
  ok "a good model to start from"
else
  not_ok "a good model to start from: $(cat "$tmp/err")"; echo "1..$n"; exit 1
fi

# How long one run takes (the fastest of three), to spread the kills over
# all of it: the odd runs anywhere in 0..1.2 T, the even ones in 0.85..1.05 T,
# around the save.
ms=1000000
for seed in 2 3 4; do
  t0=$(date +%s%N)
  "$cli" "${train[@]}" --seed $seed -o "$tmp/timing.safetensors" >/dev/null 2>&1
  t=$(( ($(date +%s%N) - t0) / 1000000 ))
  ((t < ms)) && ms=$t
done
echo "# one run takes $ms ms"

same=0; absent=0; fresh=0; corrupt=0; finished=0; leftovers=0; mid=0
for ((i = 1; i <= runs; i++)); do
  cp "$tmp/good.safetensors" "$tmp/m.safetensors"
  if ((i % 4 == 0)); then
    delay=-1
  elif ((i % 2)); then
    delay=$(( RANDOM * ms * 12 / 10 / 32768 ))
  else
    delay=$(( ms * 85 / 100 + RANDOM * ms * 20 / 100 / 32768 ))
  fi
  "$cli" "${train[@]}" --seed $((100 + i)) -o "$tmp/m.safetensors" >/dev/null 2>&1 &
  pid=$!
  if ((delay < 0)); then
    # every fourth run: the moment the temporary file of the save appears
    while kill -0 "$pid" 2>/dev/null && ! compgen -G "$tmp/m.safetensors.*" >/dev/null; do :; done
    if kill -9 "$pid" 2>/dev/null; then how="killed while saving"; mid=$((mid+1)); else how="finished before the kill"; finished=$((finished+1)); fi
  else
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then how="killed at $delay ms"; else how="finished before $delay ms"; finished=$((finished+1)); fi
  fi
  wait "$pid" 2>/dev/null
  for f in "$tmp"/m.safetensors.*; do [[ -e $f ]] && { leftovers=$((leftovers+1)); rm -f "$f"; }; done
  if [[ ! -e $tmp/m.safetensors ]]; then
    state=absent; absent=$((absent+1))
  elif cmp -s "$tmp/good.safetensors" "$tmp/m.safetensors"; then
    state="the previous model"; same=$((same+1))
  elif "$cli" eval "$tmp/m.safetensors" --json >/dev/null 2>"$tmp/err"; then
    state="a complete new model"; fresh=$((fresh+1))
  else
    state="CORRUPT: $(cat "$tmp/err")"; corrupt=$((corrupt+1))
  fi
  if [[ $state == CORRUPT* ]]; then not_ok "run $i, $how: $state"; else ok "run $i, $how: $state"; fi
done
echo "# tally of $runs runs: $same the previous model, $fresh a complete new model, $absent absent, $corrupt corrupt"
echo "# ($mid kills came while the model was being written; $finished runs had finished before their kill;"
echo "#  $leftovers temporary files left by kills were removed)"
echo "1..$n"
exit $((failed > 0))

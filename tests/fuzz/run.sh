#!/usr/bin/env bash
# Runs one libFuzzer target for a while, from its committed corpus.
#
#   tests/fuzz/run.sh TARGET [SECONDS]     TARGET: idx, idx-gzip, safetensors, npm, npm-full
#
# Installs what is missing (clang, libFuzzer: libclang-rt-14-dev), builds the
# targets in _build-fuzz (CC=clang, -Dfuzz=true: coverage, ASan with leak
# detection, UBSan), fuzzes for SECONDS (default 60) and prints the number of
# executions and the result.  Inputs it finds go to _build-fuzz/corpus-TARGET,
# never into the committed corpus; a crash, leak, sanitizer report, timeout
# or allocation over the limits stops the run, leaves the input in
# _build-fuzz/artifacts-TARGET/ and exits 1: fix the cause, then copy the
# input to tests/fuzz/regressions/TARGET/ so that ./test.sh replays it forever.
set -euo pipefail

usage="usage: tests/fuzz/run.sh idx|idx-gzip|safetensors|npm|npm-full [SECONDS]"
top=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:-}
seconds=${2:-60}
case $target in
  idx|idx-gzip|safetensors|npm|npm-full) ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "$usage: SECONDS must be a whole number > 0" >&2; exit 2; }

# clang and libFuzzer (the same Debian packages as the normal build otherwise).
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
clang_major=$( (clang --version 2>/dev/null || true) | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
fuzzer_lib=$( (clang -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null || true) )
[[ -n $fuzzer_lib && -f $fuzzer_lib ]] || missing+=("libclang-rt-${clang_major:-14}-dev")
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Only the fuzz targets are built; the libraries are the normal build's.
builddir=$top/_build-fuzz
if [[ ! -f $builddir/build.ninja ]] && ! CC=clang meson setup "$builddir" "$top" -Dfuzz=true >/dev/null; then
  echo "tests/fuzz/run.sh: meson setup failed; run ./run.sh --setup-only first: it installs the build dependencies" >&2
  exit 1
fi
ninja -C "$builddir" "tests/fuzz/fuzz-$target" >/dev/null || ninja -C "$builddir" "tests/fuzz/fuzz-$target"

# The working corpus starts from the committed one and regressions.
work=$builddir/corpus-$target
artifacts=$builddir/artifacts-$target/
mkdir -p "$work" "$artifacts"
for dir in "$top/tests/fuzz/corpus/$target" "$top/tests/fuzz/regressions/$target"; do
  [[ ! -d $dir ]] || cp -n "$dir"/* "$work"/ 2>/dev/null || true
done

# Raw tar archives of ten digits, or of four IDX files, need ~11 kB; the rest
# stays small and fast.
max_len=4096
[[ $target != npm* ]] || max_len=16384
options=(
  -max_total_time="$seconds"
  -rss_limit_mb=2048 -malloc_limit_mb=512
  -timeout=10
  -max_len="$max_len"
  -print_final_stats=1
  -artifact_prefix="$artifacts"
)
dict=$top/tests/fuzz/$target.dict
[[ ! -f $dict ]] || options+=(-dict="$dict")

log=$builddir/fuzz-$target.log
echo "Fuzzing $target for $seconds s (log: $log)"
status=0
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
G_SLICE=always-malloc G_DEBUG=fatal-warnings \
  "$builddir/tests/fuzz/fuzz-$target" "${options[@]}" "$work" >"$log" 2>&1 || status=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
echo "target:     $target"
echo "seconds:    $seconds"
echo "executions: ${execs:-unknown}"
if [[ $status -eq 0 ]] && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
  echo "result:     no crash, leak or sanitizer report"
else
  echo "result:     FAILED (exit $status); the report:"
  grep -E -A 30 'ERROR: |runtime error:|fuzz check failed' "$log" | head -n 60
  echo "the input:  $(ls -t "$artifacts" | head -n 1 | sed "s|^|$artifacts|")"
  exit 1
fi

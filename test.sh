#!/usr/bin/env bash
# ./test.sh [asan|tsan] [MESON_TEST_ARGS]: the same set-up as ./run.sh, then
# every test (warnings are errors).  The whole suite runs under one Xvfb
# server: the UI tests need a display, and parallel xvfb-run calls race for
# display numbers.  `asan` builds _build-asan with AddressSanitizer and
# UndefinedBehaviorSanitizer, `tsan` builds _build-tsan with ThreadSanitizer
# (build-aux/sanitize.sh); either fails on any sanitizer report.
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
builddir=$top/_build-test
setup_args=(--werror)
test_args=()
mode=
case ${1:-} in
  asan|tsan) mode=$1; shift; source "$top/build-aux/sanitize.sh" "$mode" ;;
esac

"$top/build-aux/setup.sh" "$builddir" "${setup_args[@]}"
[[ -z $mode ]] || sanitize_prepare

status=0
xvfb-run -a -s "-screen 0 1400x900x24" \
  meson test -C "$builddir" --print-errorlogs --num-processes 1 "${test_args[@]}" "$@" || status=$?
[[ -z $mode ]] || sanitize_check_logs || status=1
exit $status

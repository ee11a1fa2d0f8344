#!/usr/bin/env bash
# ./test.sh [MESON_TEST_ARGS]: the same set-up as ./run.sh, then every test
# (warnings are errors).  The whole suite runs under one Xvfb server: the UI
# tests need a display, and parallel xvfb-run calls race for display numbers.
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
builddir=$top/_build-test

"$top/build-aux/setup.sh" "$builddir" --werror

xvfb-run -a -s "-screen 0 1400x900x24" \
  meson test -C "$builddir" --print-errorlogs --num-processes 1 "$@"

#!/usr/bin/env bash
# ./test.sh: the same set-up as ./run.sh, then every test (warnings are errors).
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
builddir=$top/_build-test

"$top/build-aux/setup.sh" "$builddir" --werror

meson test -C "$builddir" --print-errorlogs --num-processes 1 "$@"

#!/usr/bin/env bash
# ./run.sh [ARGS]: set up (packages, default digits, build), then launch Belief.
# ./run.sh --setup-only: everything but the launch.
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
builddir=$top/_build

"$top/build-aux/setup.sh" "$builddir"

if [[ ${1:-} == --setup-only ]]; then
  echo "Built: $builddir/src/cli/belief-cli"
  [[ -x $builddir/src/app/belief ]] && echo "Built: $builddir/src/app/belief"
  exit 0
fi
if [[ -x $builddir/src/app/belief ]]; then
  exec "$builddir/src/app/belief" "$@"
fi
exec "$builddir/src/cli/belief-cli" --help

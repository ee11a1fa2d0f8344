#!/usr/bin/env bash
# build-aux/screenshots.sh [MODEL.safetensors]: regenerates the screenshots in
# data/screenshots/ (README and AppStream) under Xvfb: training, fields,
# recognise, generate, recover and experiments.png.  Without a model it
# trains the default one first (about 80 s).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$top/_build

"$top/build-aux/setup.sh" "$builddir"
model=${1:-$builddir/screenshot-model.safetensors}
if [[ ! -f $model ]]; then
  "$builddir/src/cli/belief-cli" train -o "$model"
fi
xvfb-run -a -s "-screen 0 1400x900x24" \
  env GSETTINGS_BACKEND=memory GDK_BACKEND=x11 GSK_RENDERER=cairo \
      GSETTINGS_SCHEMA_DIR="$builddir/data" \
  "$builddir/src/app/belief-screenshots" "$model" "$top/data/screenshots"

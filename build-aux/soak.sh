#!/usr/bin/env bash
# build-aux/soak.sh [MINUTES]: the soak test (default 20 minutes).  Builds
# (build-aux/setup.sh, which also converts the default digits), then runs
# tests/soak.c under Xvfb: the app trains the default DBN for MINUTES while
# the learning-rate slider moves every 200 ms, training diverges and is
# resumed, and the Recognise and Generate views take turns.  Prints a summary
# table; exits non-zero if the app crashed, froze (its main loop late by
# more than 1 s, not counting its waits for a core, or by 5 s at all),
# logged or printed a warning or critical, grew by more than 10% from its
# size one minute in, stalled (training "running"
# without a minibatch for 10 s), or a step of the driver failed.
# BELIEF_BUILD_DIR picks the build folder (default _build); the program's
# stderr is kept in soak-stderr.log there.
# BELIEF_SOAK_STACKS=1 prints the main thread's stack whenever it is 300 ms
# late; BELIEF_SOAK_EPOCHS=N trains N epochs per phase instead of the
# defaults, so that whole trainings end (and are Reset) often.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${BELIEF_BUILD_DIR:-$top/_build}
minutes=${1:-20}
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "usage: $0 [MINUTES]" >&2; exit 2; }

"$top/build-aux/setup.sh" "$builddir"
errlog=$builddir/soak-stderr.log

echo "Soak test: $minutes min, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
status=0
# a frozen run is stopped 5 minutes after its time (the program's own
# watchdog gives up after 60 s without an answer from the main loop)
limit=$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 + 300 }')
timeout -k 30 "$limit" \
  xvfb-run -a -s "-screen 0 1400x900x24" \
    env GSETTINGS_BACKEND=memory GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none \
        GSETTINGS_SCHEMA_DIR="$builddir/data" BELIEF_SOAK_MINUTES="$minutes" \
    "$builddir/tests/soak" 2>"$errlog" || status=$?

# Gtk, GLib, GLib-GObject... warnings and criticals, and crashes, as printed
pattern='(-WARNING|-CRITICAL|WARNING \*\*|CRITICAL \*\*|Segmentation|Aborted|AddressSanitizer|runtime error)'
printed=$(grep -cE "$pattern" "$errlog" || true)
if ((printed > 0)); then
  echo "soak: $printed warning or critical lines on stderr ($errlog):"
  grep -E "$pattern" "$errlog" | sort | uniq -c | sort -rn | head -20
  ((status != 0)) || status=1
elif [[ -s $errlog ]]; then
  echo "soak: stderr (no warnings):"
  head -20 "$errlog"
fi
case $status in
  0) echo "soak: passed (stderr clean)" ;;
  3) echo "soak: FAILED: the main loop froze" ;;
  124|137) echo "soak: FAILED: still running $limit s after the start (frozen?)" ;;
  *) ((status > 128)) && echo "soak: FAILED: the app died of signal $((status - 128))" \
       || echo "soak: FAILED (exit status $status)" ;;
esac
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
exit $status

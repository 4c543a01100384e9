#!/usr/bin/env bash
# Engine speed in the browser: B1 at HOURS (default 1000) simulated hours, one replication, in the
# app's Web Worker (release build, headless Chromium) against the native command-line runner on
# the same machine in the same run. Prints both wall times and their ratio (best of RUNS, default 3).
#   scripts/bench-browser.sh [HOURS] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HOURS="${1:-1000}"
RUNS="${2:-3}"
source scripts/setup.sh >/dev/null
[ -f dist/index.html ] || trunk build --release --offline
cargo build --release --locked --quiet

native=()
for _ in $(seq "$RUNS"); do
  # The b1 format carries the simulation's own wall time (wall_seconds).
  s="$(target/release/escalation-lab run static/scenarios/b1.json --hours "$HOURS" --reps 1 --format b1 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["wall_seconds"]["total"])')"
  native+=("$s")
done
best_native="$(printf '%s\n' "${native[@]}" | sort -g | head -1)"
best_browser="$(node tests/e2e/bench.mjs "$HOURS" "$RUNS")"
python3 - "$HOURS" "$best_native" "$best_browser" <<'PY'
import sys
hours, native, browser = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"B1, H = {hours:.0f} h, one replication, best of runs")
print(f"| runner | wall s |\n|---|---|\n| native CLI | {native:.3f} |\n| browser worker (wasm) | {browser:.3f} |")
print(f"ratio: the worker takes {browser / native:.2f}x the native time (bar: at most 2x)")
PY

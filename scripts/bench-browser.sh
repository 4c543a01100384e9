#!/usr/bin/env bash
# Engine speed in the browser: B1 at HOURS (default 1000) simulated hours, one replication, in the
# app's Web Worker (release build, headless Chromium) against the native command-line runner on
# the same machine in the same run. Prints both wall times and their ratio (best of RUNS, default 3).
# Then B1 with 8 replications on the app's pool of one worker and of N (the machine's cores, at
# most 8), and the command line with `--jobs 1` and `--jobs N`, with each one's speed-up.
#   scripts/bench-browser.sh [HOURS] [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HOURS="${1:-1000}"
RUNS="${2:-3}"
REPS=8
N="$(nproc)"
[ "$N" -le 8 ] || N=8
source scripts/setup.sh >/dev/null
[ -f dist/index.html ] || release_build
cargo build --release --locked --quiet
cli="${CARGO_TARGET_DIR:-target}/release/escalation-lab"

# Best of RUNS of the CLI's wall time (the b1 format carries the simulation's own, wall_seconds).
native() {
  local reps="$1" jobs="$2" times=()
  for _ in $(seq "$RUNS"); do
    times+=("$("$cli" run static/scenarios/b1.json --hours "$HOURS" --reps "$reps" --jobs "$jobs" --format b1 2>/dev/null |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["wall_seconds"]["total"])')")
  done
  printf '%s\n' "${times[@]}" | sort -g | head -1
}

best_native="$(native 1 1)"
best_browser="$(node tests/e2e/bench.mjs "$HOURS" "$RUNS")"
pool_1="$(node tests/e2e/bench.mjs pool "$HOURS" "$RUNS" 1 "$REPS")"
pool_n="$(node tests/e2e/bench.mjs pool "$HOURS" "$RUNS" "$N" "$REPS")"
jobs_1="$(native "$REPS" 1)"
jobs_n="$(native "$REPS" "$N")"
python3 - "$HOURS" "$best_native" "$best_browser" "$REPS" "$N" "$pool_1" "$pool_n" "$jobs_1" "$jobs_n" <<'PY'
import sys
hours, native, browser = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
reps, n = int(sys.argv[4]), int(sys.argv[5])
pool_1, pool_n, jobs_1, jobs_n = map(float, sys.argv[6:10])
print(f"B1, H = {hours:.0f} h, one replication, best of runs")
print(f"| runner | wall s |\n|---|---|\n| native CLI | {native:.3f} |\n| browser worker (wasm) | {browser:.3f} |")
print(f"ratio: the worker takes {browser / native:.2f}x the native time (bar: at most 1.5x)")
print()
print(f"B1, H = {hours:.0f} h, {reps} replications, best of runs")
print(f"| runner | 1 | {n} | speed-up |\n|---|---|---|---|")
print(f"| browser pool of workers (wall s) | {pool_1:.3f} | {pool_n:.3f} | {pool_1 / pool_n:.2f}x |")
print(f"| native CLI --jobs (wall s) | {jobs_1:.3f} | {jobs_n:.3f} | {jobs_1 / jobs_n:.2f}x |")
PY

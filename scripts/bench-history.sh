#!/usr/bin/env bash
# Benchmark: reading, analysing and calibrating from a ticket history of about 150,000 events, in
# the native command-line runner, on this machine. The history is the app's own event log of a
# preset (B1 over 200 hours, one replication: 152,523 rows), written by `run --event-log`.
# Prints, best of RUNS, the wall time of
#   history LOG --format json        read + trends
#   calibrate LOG                    read + fit + proposed scenario (no fit check: it runs only
#                                    for --report)
#   calibrate LOG --report R         the same + the fit check (simulated replications) + report
# with each one's peak memory, against the bars: under 1 s, and calibrate under 100 MB.
#
#   scripts/bench-history.sh [RUNS] [--no-browser]      default: 5 runs of each
#   env HISTORY_SCENARIO  the preset the log is made from (default static/scenarios/b1.json)
#   env HISTORY_HOURS     its horizon in hours            (default 200: 150,000 rows ± 10% for B1)
#   env BENCH_OUT         folder for the log and outputs  (default target/bench-history)
#   env NO_BROWSER=1      same as --no-browser
# The browser half reads the same file in the app's History tab (`node tests/e2e/bench.mjs history
# LOG RUNS`, release build, headless Chromium) and prints the worker's own time from reading the
# file to the trends and the proposed scenario; --no-browser leaves it out.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=5
SKIP_BROWSER="${NO_BROWSER:-0}"
for arg in "$@"; do
  case "$arg" in
    --no-browser) SKIP_BROWSER=1 ;;
    *) RUNS="$arg" ;;
  esac
done
SCENARIO="${HISTORY_SCENARIO:-$ROOT/static/scenarios/b1.json}"
HOURS="${HISTORY_HOURS:-200}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${BENCH_OUT:-$TARGET/bench-history}"
mkdir -p "$OUT"

# GNU time measures each process's own peak memory.
if [ ! -x /usr/bin/time ]; then
  apt-get install -y --no-install-recommends time >/dev/null
fi
(cd "$ROOT" && cargo build --release --locked -q)
CLI="$TARGET/release/escalation-lab"

python3 - "$CLI" "$SCENARIO" "$HOURS" "$RUNS" "$OUT" <<'PY'
import csv, json, os, subprocess, sys, time

cli, scenario, hours, runs, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

# The history: replication 1's event log of the preset at HOURS, from a copy of its JSON.
doc = json.load(open(scenario))
doc["run"]["horizon"] = f"{hours}h"
doc["run"]["replications"] = 1
copy = os.path.join(out, "scenario.json")
json.dump(doc, open(copy, "w"))
log = os.path.join(out, "history.csv")
subprocess.run([cli, "run", copy, "--event-log", log], check=True, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
with open(log, newline="") as f:
    rows = sum(1 for _ in csv.reader(f)) - 1
size_mb = os.path.getsize(log) / 1e6
print(f"history: {os.path.basename(scenario)} at {hours} h, replication 1's event log: "
      f"{rows:,} rows, {size_mb:.1f} MB ({log})", flush=True)
if abs(rows - 150_000) > 15_000:
    print(f"  note: {rows:,} rows is outside 150,000 ± 10%; set HISTORY_HOURS", flush=True)


def timed(cmd, stdout_path):
    """Runs cmd with stdout to a file; returns (wall seconds, peak RSS in MB)."""
    stats = stdout_path + ".time"
    with open(stdout_path, "w") as sink:
        t0 = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats] + cmd, stdout=sink,
                              stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    with open(stats) as f:
        return wall, int(f.read().split()[-1]) / 1024.0


report = os.path.join(out, "calibration.txt")
cases = [
    ("history --format json", "read + trends", [cli, "history", log, "--format", "json"]),
    ("calibrate", "read + fit + propose", [cli, "calibrate", log]),
    ("calibrate --report", "+ fit check + report", [cli, "calibrate", log, "--report", report]),
]
best = {}
for _ in range(runs):  # alternating, so that a busy moment of the machine falls on all three
    for name, _, cmd in cases:
        wall, rss = timed(cmd, os.path.join(out, name.replace(" ", "_") + ".out"))
        w, r = best.get(name, (float("inf"), 0.0))
        best[name] = (min(w, wall), max(r, rss))

print(f"\nnative CLI, whole process (start-up, read, work, output), best of {runs} runs; "
      f"peak RSS the largest seen")
print("| command | what | wall s | peak RSS MB |")
print("|---|---|---|---|")
for name, what, _ in cases:
    wall, rss = best[name]
    print(f"| `{name}` | {what} | {wall:.3f} | {rss:.1f} |")
check = best["calibrate --report"][0] - best["calibrate"][0]
print(f"\nfit check alone (the difference): {check:.3f} s")
slowest = max(w for w, _ in best.values())
peak = best["calibrate --report"][1]
print(f"bar, read + analyse + fit under 1 s: slowest {slowest:.3f} s — "
      f"{'met' if slowest < 1 else 'MISSED'}")
print(f"bar, calibrate's peak memory under 100 MB: {peak:.1f} MB — "
      f"{'met' if peak < 100 else 'MISSED'}")
with open(os.path.join(out, "log-path"), "w") as f:
    f.write(log)
PY

# The browser half: the same history read in the app's worker (tests/e2e/bench.mjs).
if [ "$SKIP_BROWSER" = 1 ]; then
  echo "browser: left out (--no-browser)"
else
  source "$ROOT/scripts/setup.sh" >/dev/null
  (cd "$ROOT" && { [ -f dist/index.html ] || release_build; })
  seconds="$(cd "$ROOT" && node tests/e2e/bench.mjs history "$(cat "$OUT/log-path")" "$RUNS")"
  echo "browser worker (wasm): read + trends + proposal, best of $RUNS: $seconds s (bar: under 3 s)"
fi

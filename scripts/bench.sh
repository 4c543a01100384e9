#!/usr/bin/env bash
# Benchmark: B1 in escalation-lab's native runner against the minimal B1-only simulator (the
# practical limit, run alternately with ours) and the SimPy peer, in one run, on this machine.
# Prints issues per wall-second for each, ours / limit per run, the ratios, and peak memory.
#
#   scripts/bench.sh [HOURS] [RUNS]      defaults: 10000 h, 3 runs of ours and of the limit, 1 of SimPy
#   env PEER_VENV   virtualenv for the peer (default target/bench/peervenv; created if missing)
#   env BENCH_OUT   folder for outputs        (default target/bench)
#   env SHARED      the shared folder         (default ../shared next to the repository)
#   env PEER_RUNS   SimPy runs                (default 1: it takes ~40 s at 10000 h)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOURS="${1:-10000}"
RUNS="${2:-3}"
OUT="${BENCH_OUT:-$ROOT/target/bench}"
VENV="${PEER_VENV:-$OUT/peervenv}"
SHARED="${SHARED:-$ROOT/../shared}"
mkdir -p "$OUT"

# GNU time measures each process's own peak memory.
if [ ! -x /usr/bin/time ]; then
  apt-get install -y --no-install-recommends time >/dev/null
fi
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check -r "$SHARED/bench/requirements.txt"
(cd "$ROOT" && cargo build --release --locked -q)
# The limit has no dependencies (its Cargo.lock lists only itself): it builds offline or online.
cargo build --release --locked -q --manifest-path "$SHARED/bench/limit/Cargo.toml" --target-dir "$OUT/limit"

exec python3 "$ROOT/scripts/bench.py" --hours "$HOURS" --runs "$RUNS" --peer-runs "${PEER_RUNS:-1}" \
  --cli "${CARGO_TARGET_DIR:-$ROOT/target}/release/escalation-lab" --limit "$OUT/limit/release/b1-limit" --scenario "$ROOT/static/scenarios/b1.json" \
  --peer-python "$VENV/bin/python" --peer-script "$SHARED/bench/simpy_b1.py" --out "$OUT"

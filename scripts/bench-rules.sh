#!/usr/bin/env bash
# Benchmark: B1 with its timers in the matrix (triggers list) against B1 with the same timers
# written as rules (static/scenarios/b1-rules.json), in one run, alternating, on this machine.
# Prints each median wall time and their ratio.
#
#   scripts/bench-rules.sh [HOURS] [RUNS]      defaults: 10000 h, 5 runs of each
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOURS="${1:-10000}"
RUNS="${2:-5}"
(cd "$ROOT" && cargo build --release --locked -q)
CLI="$ROOT/target/release/escalation-lab"
python3 - "$CLI" "$ROOT/static/scenarios" "$HOURS" "$RUNS" <<'PY'
import statistics, subprocess, sys, time
cli, folder, hours, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = {"matrix": [], "rules": []}
files = {"matrix": f"{folder}/b1.json", "rules": f"{folder}/b1-rules.json"}
outputs = {}
for _ in range(runs):
    for kind, path in files.items():
        t = time.perf_counter()
        out = subprocess.run([cli, "run", path, "--hours", hours, "--reps", "1", "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        times[kind].append(time.perf_counter() - t)
        outputs[kind] = out
m, r = statistics.median(times["matrix"]), statistics.median(times["rules"])
same = outputs["matrix"] == outputs["rules"].replace(" (timers as rules)", "")
print(f"B1 at {hours} h, one replication, median of {runs} runs each")
print(f"  timers in the matrix: {m:.3f} s")
print(f"  timers as rules:      {r:.3f} s")
print(f"  ratio rules / matrix: {r / m:.2f}x (bar: 1.5x)")
print(f"  reports identical apart from the name: {same}")

# What the editor does on each keystroke: parse, compile and validate a scenario with 200 rules.
import json, os, tempfile
doc = json.load(open(files["matrix"]))
levels = ["L1", "L2", "L3"]
rules = []
for i in range(200):
    rules.append(f'rule "rule {i}"\n  when level is "{levels[i % 3]}" and priority in ["P{1 + i % 4}"] and waiting > {10 + i}m\n  then notify "L4"\n')
doc["rules"] = "\n".join(rules)
path = os.path.join(tempfile.mkdtemp(), "b1-200-rules.json")
json.dump(doc, open(path, "w"))
checks = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([cli, "validate", path], check=True, capture_output=True)
    checks.append(time.perf_counter() - t)
base = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([cli, "validate", files["matrix"]], check=True, capture_output=True)
    base.append(time.perf_counter() - t)
print(f"Validating B1 with 200 rules (a keystroke in the rule editor): {1000 * statistics.median(checks):.1f} ms "
      f"per check including process start; B1 without rules: {1000 * statistics.median(base):.1f} ms")
PY

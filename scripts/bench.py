#!/usr/bin/env python3
"""Times B1 (one replication, seed 1) in escalation-lab's CLI and in the SimPy peer, each as its
own process, and prints issues per wall-second, the ratio, and peak resident memory.

Run through scripts/bench.sh, which sets up the peer's virtualenv and builds the release binary.
Wall time is the whole process (start-up, build of the model, run, report); memory is the
process's peak resident set size, from GNU time.
"""
import argparse
import json
import os
import statistics
import subprocess
import time


def timed(cmd, stdout_path):
    """Runs cmd with stdout to a file; returns (wall seconds, peak RSS in MB)."""
    stats = stdout_path + ".time"
    with open(stdout_path, "w") as out:
        t0 = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", stats] + cmd, stdout=out, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    with open(stats) as f:
        rss_kb = int(f.read().split()[-1])
    return wall, rss_kb / 1024.0


def main():
    ap = argparse.ArgumentParser()
    for a in ("--cli", "--scenario", "--peer-python", "--peer-script", "--out"):
        ap.add_argument(a, required=True)
    ap.add_argument("--hours", type=float, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-runs", type=int, default=1)
    a = ap.parse_args()

    ours = []
    for i in range(a.runs):
        path = os.path.join(a.out, f"escalation-lab_H{a.hours:g}_{i}.json")
        wall, rss = timed([a.cli, "run", a.scenario, "--hours", str(a.hours), "--reps", "1", "--seed", "1", "--format", "b1"], path)
        issues = json.load(open(path))["issues_simulated"]["total"]
        ours.append((wall, rss, issues))
        print(f"escalation-lab run {i + 1}: {issues:.0f} issues in {wall:.3f} s, peak {rss:.1f} MB", flush=True)
    peer = []
    for i in range(a.peer_runs):
        path = os.path.join(a.out, f"simpy_H{a.hours:g}_{i}.json")
        cmd = [a.peer_python, a.peer_script, "--hours", str(a.hours), "--reps", "1", "--seed0", "1", "--compact"]
        wall, rss = timed(cmd, path)
        issues = json.load(open(path))["issues_simulated"]["total"]
        peer.append((wall, rss, issues))
        print(f"simpy run {i + 1}: {issues} issues in {wall:.2f} s, peak {rss:.0f} MB", flush=True)

    def summary(runs):
        wall = statistics.median(r[0] for r in runs)
        return wall, max(r[1] for r in runs), runs[0][2], runs[0][2] / wall

    ow, orss, oi, orate = summary(ours)
    pw, prss, pi, prate = summary(peer)
    print()
    print(f"B1, H = {a.hours:g} h, one replication, median process wall time")
    print(f"| simulator | issues | wall s | issues / s | peak RSS MB |")
    print(f"|---|---|---|---|---|")
    print(f"| escalation-lab | {oi:.0f} | {ow:.3f} | {orate:,.0f} | {orss:.1f} |")
    print(f"| SimPy | {pi:.0f} | {pw:.2f} | {prate:,.0f} | {prss:.0f} |")
    print(f"\nratio: escalation-lab simulates {orate / prate:.1f}x as many issues per wall-second as SimPy")
    print(f"peak memory: {orss:.1f} MB (bar: under 64 MB)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times B1 (one replication, seed 1) in escalation-lab's CLI, in the minimal B1-only simulator
(the practical limit, `bench/limit` in the shared folder) and in the SimPy peer, each as its own
process, and prints issues per wall-second, the ratios, and peak resident memory.

Ours and the limit alternate, run by run, so that both see the machine in the same state; each
run prints ours / limit, and the summary gives medians and ranges over the runs.

Run through scripts/bench.sh, which sets up the peer's virtualenv and builds both binaries.
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
    for a in ("--cli", "--limit", "--scenario", "--peer-python", "--peer-script", "--out"):
        ap.add_argument(a, required=True)
    ap.add_argument("--hours", type=float, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-runs", type=int, default=1)
    a = ap.parse_args()

    ours, limit, ratios = [], [], []
    for i in range(a.runs):
        path = os.path.join(a.out, f"escalation-lab_H{a.hours:g}_{i}.json")
        wall, rss = timed([a.cli, "run", a.scenario, "--hours", str(a.hours), "--reps", "1", "--seed", "1", "--format", "b1"], path)
        issues = json.load(open(path))["issues_simulated"]["total"]
        ours.append((wall, rss, issues))
        print(f"escalation-lab run {i + 1}: {issues:.0f} issues in {wall:.3f} s, peak {rss:.1f} MB", flush=True)
        path = os.path.join(a.out, f"limit_H{a.hours:g}_{i}.txt")
        wall, rss = timed([a.limit, f"{a.hours:g}", "1"], path)
        # First line: "issues N model_events M wall Xs -> R issues/s".
        issues = int(open(path).read().split()[1])
        limit.append((wall, rss, issues))
        ratio = (ours[-1][2] / ours[-1][0]) / (issues / wall)
        ratios.append(ratio)
        print(f"limit run {i + 1}: {issues} issues in {wall:.3f} s, peak {rss:.1f} MB; ours / limit {ratio:.2f}", flush=True)
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
        rates = [r[2] / r[0] for r in runs]
        return wall, max(r[1] for r in runs), runs[0][2], runs[0][2] / wall, min(rates), max(rates)

    ow, orss, oi, orate, olo, ohi = summary(ours)
    lw, lrss, li, lrate, llo, lhi = summary(limit)
    pw, prss, pi, prate, plo, phi = summary(peer)
    print()
    print(f"B1, H = {a.hours:g} h, one replication, median process wall time (range of issues / s over runs)")
    print(f"| simulator | issues | wall s | issues / s | range | peak RSS MB |")
    print(f"|---|---|---|---|---|---|")
    print(f"| escalation-lab | {oi:.0f} | {ow:.3f} | {orate:,.0f} | {olo:,.0f}–{ohi:,.0f} | {orss:.1f} |")
    print(f"| limit (B1 only) | {li:.0f} | {lw:.3f} | {lrate:,.0f} | {llo:,.0f}–{lhi:,.0f} | {lrss:.1f} |")
    print(f"| SimPy | {pi:.0f} | {pw:.2f} | {prate:,.0f} | {plo:,.0f}–{phi:,.0f} | {prss:.0f} |")
    print(f"\nours / limit, per run: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f} (range {min(ratios):.2f}–{max(ratios):.2f}; bar: at least 0.75)")
    print(f"ratio: escalation-lab simulates {orate / prate:.1f}x as many issues per wall-second as SimPy "
          f"({olo / prate:.1f}–{ohi / prate:.1f}x over our runs)")
    print(f"peak memory: {orss:.1f} MB (bar: under 16 MB)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Prints JMH JSON results (-rf json) as a table of ratios: each "ours*" method against every
other method of the same scenario (benchmark class and parameters).

Each score is the median over forks of the fork's mean (throughput in ops/s; allocation in bytes
per operation from -prof gc's gc.alloc.rate.norm). Several files (rounds of the same suite) are
merged: their forks are pooled. A ratio above 1 means ours is faster.

Usage: summarize.py results.json [more.json ...] [--markdown]
"""
import json
import statistics
import sys
from collections import OrderedDict

# The targets: ours/Netty throughput.
TARGETS = {"DecodeBenchmark": 2.0, "DecodeBatchBenchmark": 2.0, "EncodeBenchmark": 1.5}


def fork_median(metrics):
    means = [statistics.fmean(fork) for m in metrics if m for fork in (m.get("rawData") or []) if fork]
    return statistics.median(means) if means else None


def ops(x):
    if x is None:
        return "-"
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.2f} {unit}"
    return f"{x:.0f}"


def bytes_per_op(x):
    if x is None:
        return "-"
    return f"{x:.0f}" if x >= 10 else f"{x:.2f}"


def main(argv):
    files = [a for a in argv[1:] if not a.startswith("--")]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    collected = OrderedDict()
    for f in files:
        for r in json.load(open(f)):
            cls, method = r["benchmark"].rsplit(".", 2)[-2:]
            key = (cls, tuple(sorted((r.get("params") or {}).items())))
            alloc = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
            entry = collected.setdefault(key, OrderedDict()).setdefault(method, ([], []))
            entry[0].append(r["primaryMetric"])
            entry[1].append(alloc)
    scenarios = OrderedDict()
    for key, methods in collected.items():
        scenarios[key] = {m: (fork_median(p), fork_median(a)) for m, (p, a) in methods.items()}

    rows = []
    for (cls, params), methods in scenarios.items():
        for ours in (m for m in methods if m.startswith("ours")):
            for peer in (m for m in methods if not m.startswith("ours")):
                o_ops, o_alloc = methods[ours]
                p_ops, p_alloc = methods[peer]
                ratio = o_ops / p_ops if o_ops and p_ops else None
                target = TARGETS.get(cls) if peer == "netty" else None
                verdict = "" if target is None or ratio is None else (
                    f">={target:g} {'met' if ratio >= target else 'MISSED'}")
                rows.append([
                    cls.replace("Benchmark", ""),
                    " ".join(f"{k}={v}" for k, v in params),
                    f"{ours}/{peer}",
                    ops(o_ops), ops(p_ops),
                    f"{ratio:.2f}" if ratio else "-",
                    bytes_per_op(o_alloc), bytes_per_op(p_alloc),
                    verdict,
                ])

    header = ["suite", "scenario", "pair", "ours ops/s", "peer ops/s", "ratio", "ours B/op", "peer B/op", "target"]
    if "--markdown" in argv:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
        for row in [header] + rows:
            print("  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Summarizes bench/run-load.sh's JSON lines: the median of every figure per scenario and server,
and ours/peer ratios against the targets of issue 5.

    python3 bench/summarize-load.py bench/target/load-results.jsonl [--markdown]
"""
import json
import statistics
import sys
from collections import defaultdict

# scenario -> [(figure, label, higher_is_better)]
FIGURES = {
    "echo32w1": [("msgs_per_s", "msgs/s", True), ("server_cpu_us_per_msg", "server µs/msg", False),
                 ("msgs_per_server_cpu_s", "msgs per server CPU-s", True), ("latency_p99_us", "p99 µs", False)],
    "echo32w16": [("msgs_per_s", "msgs/s", True), ("server_cpu_us_per_msg", "server µs/msg", False),
                  ("msgs_per_server_cpu_s", "msgs per server CPU-s", True), ("latency_p99_us", "p99 µs", False)],
    "echo64k": [("mb_per_s", "MB/s", True), ("server_cpu_us_per_msg", "server µs/msg", False),
                ("msgs_per_server_cpu_s", "msgs per server CPU-s", True), ("latency_p99_us", "p99 µs", False)],
    "bcast": [("deliveries_per_s", "deliveries/s", True),
              ("deliveries_per_server_cpu_s", "deliveries per server CPU-s", True),
              ("last_subscriber_p99_us", "p99 to last µs", False)],
    "bcast50": [("deliveries_per_s", "deliveries/s", True), ("server_cpu_us_per_delivery", "server µs/delivery", False),
                ("last_subscriber_p50_us", "p50 to last µs", False), ("last_subscriber_p99_us", "p99 to last µs", False),
                ("last_subscriber_max_us", "max to last µs", False)],
    "idle10k": [("rss_kib_per_connection", "RSS KiB/conn", False), ("heap_kib_per_connection", "heap KiB/conn", False)],
    "idle19k": [("rss_kib_per_connection", "RSS KiB/conn", False), ("heap_kib_per_connection", "heap KiB/conn", False)],
}

# (scenario, figure, peer, minimum ours/peer ratio) or (scenario, figure, None, absolute maximum for ours)
TARGETS = [
    ("echo32w1", "msgs_per_server_cpu_s", "netty", 1.5), ("echo32w1", "msgs_per_server_cpu_s", "raw", 0.9),
    ("echo32w16", "msgs_per_server_cpu_s", "netty", 1.5), ("echo32w16", "msgs_per_server_cpu_s", "raw", 0.9),
    ("echo64k", "msgs_per_server_cpu_s", "netty", 1.2),
    ("bcast", "deliveries_per_server_cpu_s", "netty", 2.0),
    ("bcast50", "last_subscriber_p99_us", None, 5000),
    ("idle10k", "rss_kib_per_connection", None, 1.0), ("idle10k", "heap_kib_per_connection", None, 1.0),
    ("idle19k", "rss_kib_per_connection", None, 1.0), ("idle19k", "heap_kib_per_connection", None, 1.0),
]

# The figure each scenario's ratio column compares, ours / peer.
RATIO = {"echo32w1": "msgs_per_server_cpu_s", "echo32w16": "msgs_per_server_cpu_s", "echo64k": "msgs_per_server_cpu_s",
         "bcast": "deliveries_per_server_cpu_s", "bcast50": "server_cpu_us_per_delivery",
         "idle10k": "heap_kib_per_connection", "idle19k": "heap_kib_per_connection"}

ORDER = ["ours", "ours-io_uring", "netty", "jetty", "java-websocket", "raw", "node-ws"]


def fmt(v):
    if v is None:
        return "–"
    a = abs(v)
    if a >= 100000:
        return f"{v / 1000:,.0f}k"
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    markdown = "--markdown" in sys.argv
    runs = defaultdict(list)  # (scenario, server) -> [result]
    for path in args:
        with open(path) as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    runs[(r["scenario"], r["server"])].append(r["result"])

    def median(scenario, server, figure):
        vals = [r[figure] for r in runs.get((scenario, server), []) if r.get(figure) is not None]
        return statistics.median(vals) if vals else None

    def bad(scenario, server):
        return sum((r.get("corrupt", 0) or 0) + (r.get("missing", 0) or 0) + (r.get("closed_early", 0) or 0)
                   for r in runs.get((scenario, server), []))

    scenarios = [s for s in FIGURES if any(k[0] == s for k in runs)]
    seen = list(dict.fromkeys(k[1] for k in runs))  # variants (KIND:LABEL) after the known servers, in run order
    servers = [s for s in ORDER if s in seen] + [s for s in seen if s not in ORDER]
    sep = " | " if markdown else "  "
    for scenario in scenarios:
        print(f"\n### {scenario}\n" if markdown else f"\n== {scenario}")
        ratio_label = next(label for f, label, _ in FIGURES[scenario] if f == RATIO[scenario])
        head = ["server", "runs"] + [label for _, label, _ in FIGURES[scenario]] + [f"ours/peer {ratio_label}", "errors"]
        rows = []
        for server in servers:
            if (scenario, server) not in runs:
                continue
            cells = [server, str(len(runs[(scenario, server)]))]
            for figure, _, _ in FIGURES[scenario]:
                cells.append(fmt(median(scenario, server, figure)))
            key = RATIO[scenario]
            o, p = median(scenario, "ours", key), median(scenario, server, key)
            cells.append("" if server == "ours" or o is None or p is None or p == 0 else f"{o / p:.2f}")
            cells.append(str(bad(scenario, server)))
            rows.append(cells)
        if markdown:
            print("| " + " | ".join(head) + " |")
            print("|" + "---|" * len(head))
            for r in rows:
                print("| " + " | ".join(r) + " |")
        else:
            widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
            print(sep.join(h.ljust(w) for h, w in zip(head, widths)))
            for r in rows:
                print(sep.join(c.ljust(w) for c, w in zip(r, widths)))

    print("\n### Targets (issue 5)\n" if markdown else "\n== targets (issue 5)")
    if markdown:
        print("| scenario | figure | against | target | measured | verdict |\n|---|---|---|---|---|---|")
    for scenario, figure, peer, bound in TARGETS:
        o = median(scenario, "ours", figure)
        if o is None:
            continue
        if peer is None:
            measured, target, ok = fmt(o), f"≤ {bound:g}", o <= bound
        else:
            p = median(scenario, peer, figure)
            if p is None or p == 0:
                continue
            measured, target, ok = f"{o / p:.2f}×", f"≥ {bound:g}×", o / p >= bound
        verdict = "met" if ok else "MISSED"
        cells = [scenario, figure, peer or "absolute", target, measured, verdict]
        print(("| " + " | ".join(cells) + " |") if markdown else "  ".join(cells))


if __name__ == "__main__":
    main()

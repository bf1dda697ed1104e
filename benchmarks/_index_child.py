"""Index one folder in a fresh process and print time and memory as JSON (used by bench_scale.py).

    python benchmarks/_index_child.py ROOT cold|warm|off [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.core.index import IndexStats, iter_summaries  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("mode", choices=("cold", "warm", "off"))
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    before = rss_mb()
    stats = IndexStats()
    t = time.perf_counter()
    first = None
    kept = []
    for s in iter_summaries([args.root], use_cache=args.mode != "off", workers=args.workers, stats=stats):
        if first is None:
            first = time.perf_counter() - t
        kept.append(s)  # the app keeps every summary
    took = time.perf_counter() - t
    after = rss_mb()
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
    print(json.dumps({
        "files": len(kept), "seconds": took, "first": first, "read": stats.read, "cached": stats.cached,
        "workers": stats.workers, "rss_before": before, "rss_after": after,
        "peak_main": peak_self, "peak_worker": peak_children,
        "search_mb": sum(len(s.search) for s in kept) / 1e6,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

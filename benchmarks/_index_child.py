"""Index one folder in a fresh process and print time and memory as JSON (used by bench_scale.py).

    python benchmarks/_index_child.py ROOT cold|warm|off [--workers N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.core.index import IndexStats, iter_summaries  # noqa: E402


def pss_mb(pid: int | str = "self") -> float:
    """Proportional set size: shared pages (a forked worker's view of its parent) counted once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1e3
    except OSError:
        pass
    return 0.0


def children() -> list[str]:
    out: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(OSError):
            out += (task / "children").read_text().split()
    return out


class Sampler(threading.Thread):
    """The largest total PSS (this process and its workers) seen, sampled every 50 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, pss_mb() + sum(pss_mb(pid) for pid in children()))


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
    sampler = Sampler()
    sampler.start()
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
    sampler.stop.set()
    sampler.join()
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
    print(json.dumps({
        "files": len(kept), "seconds": took, "first": first, "read": stats.read, "cached": stats.cached,
        "workers": stats.workers, "rss_before": before, "rss_after": after,
        "peak_main": peak_self, "peak_worker": peak_children, "peak_total_pss": sampler.peak,
        "search_mb": sum(len(s.search) for s in kept) / 1e6,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
